namespace MintFonds.Core.Receipts;

/// <summary>An inclusive range of calendar days, e.g. the period a collective receipt covers.</summary>
public sealed record DatePeriod
{
    public DatePeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        From = from;
        To = to;
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public bool Contains(DateOnly day) => day >= From && day <= To;
}
