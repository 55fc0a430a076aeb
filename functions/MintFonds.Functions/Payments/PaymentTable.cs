using MintFonds.Core.Payments;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payments;

/// <summary>Ledger table, payment rows: PartitionKey = fund id, RowKey = "payment-" + id (derived from the bank reference).</summary>
public sealed class PaymentTable(StorageAccount storage) : DocumentTable<Payment>(storage.Table(TableNames.Ledger))
{
    public const string RowKeyPrefix = "payment-";

    public static string RowKey(string paymentId) => RowKeyPrefix + paymentId;

    public Azure.Data.Tables.TableClient Client => Table;

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(Payment document) =>
    [
        new("Status", document.IsMatched ? "Matched" : "Unmatched"),
        new("AmountCents", document.Amount.Cents),
        new("ValueDate", document.ValueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        new("Kind", document.Match?.Kind.ToString()),
        new("SponsorId", document.Match?.SponsorId),
        new("PledgeReference", document.Match?.PledgeReference),
    ];

    /// <summary>The entity a transaction writes for a payment (same shape as the document rows).</summary>
    public Azure.Data.Tables.TableEntity Entity(Payment payment, Azure.ETag etag = default)
    {
        var entity = ToEntity(payment.FundId, RowKey(payment.Id), payment);
        entity.ETag = etag;
        return entity;
    }
}
