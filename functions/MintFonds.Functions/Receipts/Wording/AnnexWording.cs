namespace MintFonds.Functions.Receipts.Wording;

/// <summary>Texts of the annex of a collective receipt ("Anlage zur Sammelbestätigung").</summary>
public sealed record AnnexWording
{
    /// <summary>{number}.</summary>
    public required string Title { get; init; }

    /// <summary>Heading repeated on every further annex page: {number}.</summary>
    public required string ContinuedTitle { get; init; }

    /// <summary>{donor}.</summary>
    public required string DonorLine { get; init; }

    /// <summary>Which receipt the annex belongs to: {number}.</summary>
    public required string NumberLine { get; init; }

    /// <summary>{from}, {to}.</summary>
    public required string PeriodLine { get; init; }

    public required string DateColumn { get; init; }

    public required string TypeColumn { get; init; }

    public required string WaiverColumn { get; init; }

    public required string AmountColumn { get; init; }

    public required string MoneyDonation { get; init; }

    public required string MembershipFee { get; init; }

    /// <summary>The waiver column's value: money paid in is never a waived expense refund.</summary>
    public required string WaiverNo { get; init; }

    public required string Total { get; init; }
}
