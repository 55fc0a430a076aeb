using Microsoft.Extensions.Time.Testing;
using MintFonds.Core.Time;

namespace MintFonds.Core.Tests.Text;

public sealed class BerlinTimeTests
{
    [Theory]
    [InlineData("2026-11-30T22:59:00Z", "2026-11-30")] // CET: 23:59
    [InlineData("2026-11-30T23:00:00Z", "2026-12-01")] // CET: 00:00
    [InlineData("2026-06-30T21:59:00Z", "2026-06-30")] // CEST: 23:59
    [InlineData("2026-06-30T22:00:00Z", "2026-07-01")] // CEST: 00:00
    public void Today_is_the_calendar_day_in_Germany(string utc, string expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), BerlinTime.Today(time));
    }
}
