using System.Globalization;

namespace MintFonds.Functions.Platform.RateLimits;

/// <summary>
/// A fixed window of UTC time (a minute, an hour, a day) that counters are kept in. Windows are aligned to the epoch,
/// so every instance computes the same window for the same instant, and a counter of a past window is never read again.
/// </summary>
public readonly record struct FixedWindow(DateTimeOffset Start, TimeSpan Length)
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static FixedWindow Containing(DateTimeOffset now, TimeSpan length)
    {
        var ticks = now.UtcTicks;
        return new FixedWindow(new DateTimeOffset(ticks - (ticks % length.Ticks), TimeSpan.Zero), length);
    }

    public DateTimeOffset End => Start + Length;

    /// <summary>"202611260900" for the minute or hour that starts at 09:00 UTC on 26 November 2026.</summary>
    public string Label => Start.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    /// <summary>How long until the window ends; at least one second, so a Retry-After never says "now".</summary>
    public TimeSpan RetryAfter(DateTimeOffset now)
    {
        var left = End - now;
        return left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left;
    }
}
