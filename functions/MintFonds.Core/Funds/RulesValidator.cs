using MintFonds.Core.Money;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Funds;

/// <summary>Checks funding rules, for a fund's defaults and for a call's overrides alike.</summary>
public static class RulesValidator
{
    public const int MaxDistricts = 100;

    public static FundingRules Check(InputChecker check, string path, FundingRules? rules)
    {
        if (rules is null)
        {
            return FundingRules.None;
        }

        check.Amount($"{path}.maxAmountPerApplication", rules.MaxAmountPerApplication, new Euro(1), Euro.Max, required: false);
        check.InRange($"{path}.coFundingSharePercent", rules.CoFundingSharePercent, 0m, 99m);
        if (rules.CoFundingSharePercent is { } share && decimal.Round(share, 2) != share)
        {
            check.Add($"{path}.coFundingSharePercent", "Höchstens zwei Nachkommastellen.");
        }

        check.InRange($"{path}.maxApprovedPerInstitutionPerYear", rules.MaxApprovedPerInstitutionPerYear, 1, 100);
        check.InRange($"{path}.minLeadTimeDays", rules.MinLeadTimeDays, 0, 365);
        var stages = check.DistinctList($"{path}.eligibleStages", rules.EligibleStages, Enum.GetValues<EducationStage>().Length);
        var types = check.DistinctList($"{path}.eligibleInstitutionTypes", rules.EligibleInstitutionTypes, Enum.GetValues<InstitutionType>().Length);

        List<string>? districts = null;
        if (rules.Districts is { Count: > MaxDistricts })
        {
            check.Add($"{path}.districts", Messages.MaxItems(MaxDistricts));
        }
        else if (rules.Districts is not null)
        {
            districts = [];
            for (var i = 0; i < rules.Districts.Count; i++)
            {
                if (check.Text($"{path}.districts[{i}]", rules.Districts[i], 100) is { } district)
                {
                    districts.Add(district);
                }
            }

            var unique = check.DistinctList($"{path}.districts", districts, MaxDistricts);
            districts = unique is null ? null : [.. unique];
        }

        return rules with { EligibleStages = stages, EligibleInstitutionTypes = types, Districts = districts };
    }
}
