using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

/// <summary>The payout files (Ledger table, partition = fund id, <c>export-{exportId}</c>).</summary>
public sealed class PayoutExportTable(StorageAccount storage) : DocumentTable<PayoutExport>(storage.Table(TableNames.Ledger))
{
    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(PayoutExport document) =>
    [
        new("State", document.State.ToString()),
        new("NbOfTxs", document.Items.Count),
        new("CtrlSumCents", document.ControlSum.Cents),
    ];

    public TableEntity Entity(PayoutExport export, ETag etag = default)
    {
        var entity = ToEntity(export.FundId, PayoutRows.ExportKey(export.ExportId), export);
        entity.ETag = etag;
        return entity;
    }
}
