using System.Globalization;
using Azure.Data.Tables;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Receipts: PartitionKey = "{fundId}-{year}". Rows: <c>receipt-{number}</c> (the record), <c>covers-{paymentId}</c>
/// (which receipt covers a payment: inserted in the same transaction as the receipt, so storage itself refuses a second
/// receipt for a payment), <c>seq-D</c> / <c>seq-S</c> (last number of the donation and sponsoring series).
/// </summary>
public sealed class ReceiptTable(StorageAccount storage) : DocumentTable<ReceiptRecord>(storage.Table(TableNames.Receipts))
{
    public TableClient Client => Table;

    public static string Partition(string fundId, int year) => $"{fundId}-{year.ToString(CultureInfo.InvariantCulture)}";

    public static string ReceiptKey(string number) => "receipt-" + number;

    public static string CoversKey(string paymentId) => "covers-" + paymentId;

    public static string SequenceKey(ReceiptKind kind) => kind == ReceiptKind.SponsoringInvoice ? "seq-S" : "seq-D";

    public TableEntity Entity(ReceiptRecord record, Azure.ETag etag = default)
    {
        var entity = ToEntity(Partition(record.FundId, record.Year), ReceiptKey(record.Number), record);
        entity.ETag = etag;
        return entity;
    }

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(ReceiptRecord document) =>
    [
        new("Kind", document.Kind.ToString()),
        new("Status", document.Status.ToString()),
        new("SponsorId", document.SponsorId),
        new("TotalCents", document.Total.Cents),
    ];
}
