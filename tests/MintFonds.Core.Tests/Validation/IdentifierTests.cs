using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Pledges;
using MintFonds.Core.Tests.Funds;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Tests.Validation;

/// <summary>Ids are what they look like: every pattern matches the whole string, so a trailing line break is not "the same id".</summary>
public sealed class IdentifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("th-bingen", true)]
    [InlineData("th-bingen\n", false)]
    [InlineData("th-bingen\r\n", false)]
    [InlineData("\nth-bingen", false)]
    [InlineData("th-bingen\0", false)]
    [InlineData("th-bingen ", false)]
    public void Slugs_match_the_whole_string(string value, bool valid) => Assert.Equal(valid, Slug.IsValid(value));

    [Theory]
    [InlineData("MRF-2027-0042", true)]
    [InlineData("MRF-2027-0042\n", false)]
    [InlineData("MRF-2027-0042\r\n", false)]
    public void Application_references_match_the_whole_string(string value, bool valid) =>
        Assert.Equal(valid, ApplicationReference.IsWellFormed(value));

    [Theory]
    [InlineData("MRF-P-2027-0042", true)]
    [InlineData("MRF-P-2027-0042\n", false)]
    [InlineData("MRF-P-2027-0042-1", false)]
    public void Pledge_references_match_the_whole_string(string value, bool valid) =>
        Assert.Equal(valid, PledgeReferences.IsWellFormed(value));

    [Theory]
    [InlineData("th-bingen\n")]
    [InlineData("th-bingen\r\n")]
    public void A_fund_or_call_id_with_a_trailing_line_break_is_refused(string id)
    {
        var fund = FundValidator.Validate(ValidatorTests.ValidFund() with { Id = id }, null, Now);
        var call = CallValidator.Validate("th-bingen", new CallInput { Id = id }, null, Now);

        Assert.Contains(fund.Errors, e => e.Field == "id");
        Assert.Contains(call.Errors, e => e.Field == "id");
    }
}
