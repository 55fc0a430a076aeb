using MintFonds.Core.Reports;

namespace MintFonds.Core.Tests.Reports;

/// <summary>The quarter that just ended, in the fund's calendar (Europe/Berlin), as the quarterly timer works it out.</summary>
public sealed class ReportQuarterTests
{
    // The timer fires at 06:00 UTC on the first day of January, April, July and October (0 0 6 1 1,4,7,10 *).
    [Theory]
    [InlineData("2027-01-01T06:00:00Z", 2026, 4)]
    [InlineData("2027-04-01T06:00:00Z", 2027, 1)]
    [InlineData("2027-07-01T06:00:00Z", 2027, 2)]
    [InlineData("2027-10-01T06:00:00Z", 2027, 3)]
    public void The_timer_reports_the_quarter_that_just_ended(string firedAt, int year, int quarter) =>
        Assert.Equal(new ReportQuarter(year, quarter), ReportQuarter.JustEnded(DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture)));

    // Every quarter end: the last minute of the quarter in Germany belongs to it, the first minute after does not.
    [Theory]
    [InlineData("2026-03-31T21:59:00Z", 2026, 1)] // 23:59 CEST (summer time since 29 March)
    [InlineData("2026-03-31T22:00:00Z", 2026, 2)] // 00:00 CEST 1 April
    [InlineData("2026-06-30T21:59:00Z", 2026, 2)]
    [InlineData("2026-06-30T22:00:00Z", 2026, 3)]
    [InlineData("2026-09-30T21:59:00Z", 2026, 3)]
    [InlineData("2026-09-30T22:00:00Z", 2026, 4)]
    [InlineData("2026-12-31T22:59:00Z", 2026, 4)] // 31 Dec 23:59 CET → Q4
    [InlineData("2026-12-31T23:00:00Z", 2027, 1)] // 1 Jan 00:00 CET
    [InlineData("2026-12-31T12:00:00Z", 2026, 4)]
    public void An_instant_belongs_to_the_quarter_of_its_date_in_Germany(string instant, int year, int quarter) =>
        Assert.Equal(new ReportQuarter(year, quarter), ReportQuarter.Of(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_timer_on_new_years_day_reports_Q4_of_the_year_before_and_31_December_is_Q4()
    {
        Assert.Equal(new ReportQuarter(2026, 4), ReportQuarter.Containing(new DateOnly(2026, 12, 31)));
        Assert.Equal(new ReportQuarter(2026, 4), ReportQuarter.JustEnded(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 31), new ReportQuarter(2026, 4).LastDay);
        Assert.Equal(new ReportQuarter(2026, 4), new ReportQuarter(2027, 1).Previous);
    }

    // The weeks in which the clocks change (last Sunday of March and of October): the quarter follows the local date.
    [Theory]
    [InlineData("2026-03-29T00:30:00Z", 2026, 1)] // 01:30 CET, half an hour before the change
    [InlineData("2026-03-29T01:30:00Z", 2026, 1)] // 03:30 CEST, after the change
    [InlineData("2026-03-31T22:30:00Z", 2026, 2)] // two days later: 00:30 CEST on 1 April
    [InlineData("2026-10-25T00:30:00Z", 2026, 4)] // 02:30 CEST, before the clocks go back
    [InlineData("2026-10-25T01:30:00Z", 2026, 4)] // 02:30 CET, the hour that happens twice
    [InlineData("2025-03-30T01:00:00Z", 2025, 1)] // 2025: change on 30 March
    [InlineData("2025-03-31T22:00:00Z", 2025, 2)]
    [InlineData("2025-10-26T01:00:00Z", 2025, 4)]
    public void Daylight_saving_weeks_keep_each_instant_in_its_local_quarter(string instant, int year, int quarter) =>
        Assert.Equal(new ReportQuarter(year, quarter), ReportQuarter.Of(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(1, "2026-01-01", "2026-03-31")]
    [InlineData(2, "2026-04-01", "2026-06-30")]
    [InlineData(3, "2026-07-01", "2026-09-30")]
    [InlineData(4, "2026-10-01", "2026-12-31")]
    public void Each_quarter_spans_its_three_months(int quarter, string first, string last)
    {
        var q = new ReportQuarter(2026, quarter);
        Assert.Equal(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), q.FirstDay);
        Assert.Equal(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), q.LastDay);
        Assert.True(q.Contains(q.FirstDay) && q.Contains(q.LastDay) && !q.Contains(q.LastDay.AddDays(1)));
    }

    [Fact]
    public void Labels_parse_and_bad_labels_are_refused()
    {
        Assert.True(ReportQuarter.TryParse("2026-Q3", out var q));
        Assert.Equal("2026-Q3", q.Label);
        Assert.True(ReportQuarter.TryParse("2026-q1", out _));
        foreach (var bad in new[] { null, "", "2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-Q12", "1999-Q4", "２０２６-Q1" })
        {
            Assert.False(ReportQuarter.TryParse(bad, out _));
        }

        Assert.True(new ReportQuarter(2026, 4) < new ReportQuarter(2027, 1));
    }
}
