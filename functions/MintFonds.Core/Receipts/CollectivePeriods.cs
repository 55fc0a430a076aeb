namespace MintFonds.Core.Receipts;

/// <summary>
/// Splits one sponsor's donations of a year into collective receipts that never claim a period twice: when more
/// donations are open than one receipt can cover, the year is cut into consecutive, non-overlapping periods (the first
/// from 1 January, each next one from its first donation's day, the last to 31 December), and a day is never cut in
/// two, so every donation lies in exactly one printed period.
/// </summary>
public static class CollectivePeriods
{
    public static IReadOnlyList<(DatePeriod Period, IReadOnlyList<T> Items)> Split<T>(int year, IEnumerable<T> donations, Func<T, DateOnly> dateOf, int maxPerReceipt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerReceipt, 1);
        var sorted = donations.OrderBy(dateOf).ToList();
        var chunks = new List<List<T>>();
        var current = new List<T>();
        foreach (var day in sorted.GroupBy(dateOf))
        {
            var items = day.ToList();
            if (items.Count > maxPerReceipt)
            {
                throw new ArgumentException($"{items.Count} donations on {day.Key:yyyy-MM-dd} do not fit one receipt ({maxPerReceipt}); a day cannot be split.");
            }

            if (current.Count + items.Count > maxPerReceipt)
            {
                chunks.Add(current);
                current = [];
            }

            current.AddRange(items);
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        var result = new List<(DatePeriod, IReadOnlyList<T>)>();
        for (var i = 0; i < chunks.Count; i++)
        {
            var from = i == 0 ? new DateOnly(year, 1, 1) : dateOf(chunks[i][0]);
            var to = i == chunks.Count - 1 ? new DateOnly(year, 12, 31) : dateOf(chunks[i + 1][0]).AddDays(-1);
            result.Add((new DatePeriod(from, to), chunks[i]));
        }

        return result;
    }
}
