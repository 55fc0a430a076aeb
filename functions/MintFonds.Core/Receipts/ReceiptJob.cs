namespace MintFonds.Core.Receipts;

/// <summary>
/// A job on the "receipts" queue (schema version 1): issue the document a matched payment needs (a donation receipt
/// or a sponsoring invoice; <see cref="PaymentId"/>), or publish an issued one (PDF and e-mail; <see cref="Number"/>
/// and <see cref="Year"/>). Idempotent on the consumer side: a payment is covered by at most one document, and a
/// receipt's PDF is written once.
/// </summary>
public sealed record ReceiptJob
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string FundId { get; init; }

    public string? PaymentId { get; init; }

    public int? Year { get; init; }

    public string? Number { get; init; }
}
