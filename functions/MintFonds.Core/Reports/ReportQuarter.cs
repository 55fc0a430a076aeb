using System.Globalization;
using MintFonds.Core.Time;

namespace MintFonds.Core.Reports;

/// <summary>
/// A calendar quarter of the fund's calendar (Europe/Berlin): the period of a sponsor report and of the quarterly
/// figures. An instant belongs to the quarter of its Berlin date, so 31 December 23:30 in Germany (22:30 UTC) is still
/// Q4 while 23:30 UTC that evening is already the new year's Q1, whatever daylight-saving time does.
/// </summary>
public readonly record struct ReportQuarter : IComparable<ReportQuarter>
{
    public ReportQuarter(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 2199);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        Year = year;
        Quarter = quarter;
    }

    public int Year { get; }

    public int Quarter { get; }

    public DateOnly FirstDay => new(Year, ((Quarter - 1) * 3) + 1, 1);

    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);

    public ReportQuarter Previous => Quarter == 1 ? new(Year - 1, 4) : new(Year, Quarter - 1);

    /// <summary>"2026-Q3": the form used in blob paths, row keys and the admin API.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Quarter}");

    public static ReportQuarter Containing(DateOnly day) => new(day.Year, ((day.Month - 1) / 3) + 1);

    /// <summary>The quarter of the Berlin date of <paramref name="instant"/>.</summary>
    public static ReportQuarter Of(DateTimeOffset instant) => Containing(DateOnly.FromDateTime(BerlinTime.ToLocal(instant).DateTime));

    /// <summary>The last quarter that has ended in Germany at <paramref name="now"/> (the timer's quarter).</summary>
    public static ReportQuarter JustEnded(DateTimeOffset now) => Of(now).Previous;

    public bool Contains(DateOnly day) => day >= FirstDay && day <= LastDay;

    /// <summary>Parses "2026-Q3" (also "2026-q3").</summary>
    public static bool TryParse(string? text, out ReportQuarter quarter)
    {
        quarter = default;
        if (text is not { Length: 7 } || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q')
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 1), NumberStyles.None, CultureInfo.InvariantCulture, out var q)
            || year is < 2000 or > 2199 || q is < 1 or > 4)
        {
            return false;
        }

        quarter = new ReportQuarter(year, q);
        return true;
    }

    public int CompareTo(ReportQuarter other) => (Year * 4) + Quarter - ((other.Year * 4) + other.Quarter);

    public static bool operator <(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) < 0;

    public static bool operator >(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) > 0;

    public static bool operator <=(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) >= 0;

    public override string ToString() => Label;
}
