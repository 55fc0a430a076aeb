using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Tests.Funds;

public sealed class FundingRulesTests
{
    private static readonly FundingRules FundRules = new()
    {
        MaxAmountPerApplication = Euro.FromDecimal(500m),
        CoFundingSharePercent = 30m,
        MaxApprovedPerInstitutionPerYear = 3,
        MinLeadTimeDays = 28,
        EligibleStages = [EducationStage.Kita, EducationStage.Primarstufe],
        Districts = ["Landkreis Mainz-Bingen"],
    };

    [Fact]
    public void A_call_without_rules_inherits_the_funds()
    {
        var rules = FundingRules.Effective(FundRules, null);

        Assert.Equal(Euro.FromDecimal(500m), rules.MaxAmountPerApplication);
        Assert.Equal(30m, rules.CoFundingSharePercent);
        Assert.Equal(3, rules.MaxApprovedPerInstitutionPerYear);
        Assert.Equal(28, rules.MinLeadTimeDays);
        Assert.Equal([EducationStage.Kita, EducationStage.Primarstufe], rules.EligibleStages);
        Assert.Equal(Enum.GetValues<InstitutionType>(), rules.EligibleInstitutionTypes);
        Assert.Equal(["Landkreis Mainz-Bingen"], rules.Districts);
    }

    [Fact]
    public void Each_rule_a_call_sets_wins_and_the_others_are_inherited()
    {
        var call = new FundingRules { MaxAmountPerApplication = Euro.FromDecimal(300m), MinLeadTimeDays = 0, EligibleStages = [EducationStage.SekundarstufeII] };

        var rules = FundingRules.Effective(FundRules, call);

        Assert.Equal(Euro.FromDecimal(300m), rules.MaxAmountPerApplication);
        Assert.Equal(0, rules.MinLeadTimeDays);
        Assert.Equal([EducationStage.SekundarstufeII], rules.EligibleStages);
        Assert.Equal(30m, rules.CoFundingSharePercent);
        Assert.Equal(3, rules.MaxApprovedPerInstitutionPerYear);
    }

    [Fact]
    public void An_empty_list_in_a_call_means_not_set_rather_than_nobody()
    {
        var rules = FundingRules.Effective(FundRules, new FundingRules { EligibleStages = [], Districts = [] });
        Assert.Equal(2, rules.EligibleStages.Count);
        Assert.Single(rules.Districts);
    }

    [Fact]
    public void Without_any_rules_everything_is_open_and_unlimited()
    {
        var rules = FundingRules.Effective(FundingRules.None, null);
        Assert.Null(rules.MaxAmountPerApplication);
        Assert.Equal(0m, rules.CoFundingSharePercent);
        Assert.Equal(6, rules.EligibleStages.Count);
        Assert.Empty(rules.Districts);
    }
}
