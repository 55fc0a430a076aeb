namespace MintFonds.Core.Receipts;

/// <summary>
/// A job on the "receipts" queue (schema version 1): issue the document a matched payment needs, a donation receipt
/// or a sponsoring invoice. Idempotent on the consumer side: a payment is covered by at most one document.
/// </summary>
public sealed record ReceiptJob
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string FundId { get; init; }

    public required string PaymentId { get; init; }
}
