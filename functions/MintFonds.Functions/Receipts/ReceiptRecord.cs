using MintFonds.Core.Money;
using MintFonds.Core.Privacy;

namespace MintFonds.Functions.Receipts;

public enum ReceiptKind
{
    /// <summary>Zuwendungsbestätigung for one donation payment.</summary>
    Donation,

    /// <summary>Sammelbestätigung for all donations of one sponsor in a year.</summary>
    CollectiveDonation,

    /// <summary>Sponsoring confirmation/invoice (its own number series; never a donation receipt).</summary>
    SponsoringInvoice,
}

public enum ReceiptStatus
{
    Issued,
    Cancelled,
}

/// <summary>
/// An issued document: its number (gapless per fund, year and series), the payments it covers, where its PDF is,
/// and its corrections. The PDF is written once and kept; a wrong receipt is cancelled and replaced, never renumbered.
/// </summary>
public sealed record ReceiptRecord
{
    public required string FundId { get; init; }

    public required int Year { get; init; }

    /// <summary>"2026-0001" for donation receipts, "S-2026-0001" for sponsoring invoices.</summary>
    public required string Number { get; init; }

    public required ReceiptKind Kind { get; init; }

    public required string SponsorId { get; init; }

    public required IReadOnlyList<string> PaymentIds { get; init; }

    public required Euro Total { get; init; }

    public DateOnly? PeriodFrom { get; init; }

    public DateOnly? PeriodTo { get; init; }

    public required string BlobName { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public ReceiptStatus Status { get; init; } = ReceiptStatus.Issued;

    public string? CancelReason { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public string? CancelledBy { get; init; }

    /// <summary>The number of the cancelled receipt this one replaces.</summary>
    public string? Replaces { get; init; }

    public string? ReplacedBy { get; init; }

    public int ResendCount { get; init; }

    /// <summary>
    /// A donation receipt of a fund that has not notified the machine procedure (R 10b.1 Abs. 4 EStR): it goes to the
    /// office for printing and a handwritten signature, never to the donor as if valid.
    /// </summary>
    public bool SignatureRequired { get; init; }

    /// <summary>When the office sent the signed copy to the donor (recorded by the office).</summary>
    public DateOnly? SignedCopySentOn { get; init; }

    public string? SignedCopySentBy { get; init; }

    /// <summary>The write-protected copy e-mailed to the recipient (BMF letter of 6.2.2017); the kept copy is <see cref="BlobName"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SentBlobName => BlobName.EndsWith(".pdf", StringComparison.Ordinal) ? BlobName[..^4] + "-versand.pdf" : BlobName + "-versand";

    /// <summary>Set when the sponsor asked for erasure: the copy is kept (restricted) until its duty ends; no more e-mails.</summary>
    public Restriction? Restriction { get; init; }

    /// <summary>When the PDF was deleted and the sponsor unlinked after the duty ended; number, kind and total are left.</summary>
    public DateTimeOffset? AnonymisedAt { get; init; }
}
