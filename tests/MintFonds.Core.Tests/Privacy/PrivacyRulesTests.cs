using MintFonds.Core.Privacy;

namespace MintFonds.Core.Tests.Privacy;

public sealed class PrivacyRulesTests
{
    [Theory]
    [InlineData(RetentionDuty.AccountingVoucher, 2026, "2034-12-31")]
    [InlineData(RetentionDuty.AccountingVoucher, 2027, "2035-12-31")]
    [InlineData(RetentionDuty.BusinessLetter, 2026, "2032-12-31")]
    public void Retention_counts_whole_years_from_the_end_of_the_records_calendar_year(RetentionDuty duty, int year, string until) =>
        Assert.Equal(DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), new RetentionRules().RetainUntil(duty, year));

    [Fact]
    public void The_periods_are_settings_because_the_law_changes()
    {
        Assert.Equal(new DateOnly(2036, 12, 31), new RetentionRules(AccountingVoucherYears: 10).RetainUntil(RetentionDuty.AccountingVoucher, 2026));
        Assert.Contains("10 Jahre", new RetentionRules(AccountingVoucherYears: 10).Explain(RetentionDuty.AccountingVoucher), StringComparison.Ordinal);
    }

    [Fact]
    public void One_person_key_however_the_address_is_typed_and_nothing_of_the_address_in_it()
    {
        var key = PersonKey.For("j.weissmueller@gs-am-rhein.example");

        Assert.Equal(key, PersonKey.For("  J.Weissmueller@GS-am-Rhein.EXAMPLE "));
        Assert.NotEqual(key, PersonKey.For("j.weissmueller@gs-am-rhein.example.org"));
        Assert.True(PersonKey.IsWellFormed(key));
        Assert.DoesNotContain("weiss", key, StringComparison.Ordinal);
    }
}
