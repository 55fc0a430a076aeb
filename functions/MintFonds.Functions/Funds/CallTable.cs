using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Funds;

/// <summary>Calls: PartitionKey = fund id, RowKey = call id, so one query lists a fund's calls.</summary>
public sealed class CallTable(StorageAccount storage) : DocumentTable<FundingCall>(storage.Table(TableNames.Calls))
{
    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(FundingCall document) =>
    [
        new("Title", document.Title),
        new("Status", document.Status.ToString()),
        new("OpensOn", document.OpensOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        new("ClosesOn", document.ClosesOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        new("BudgetCents", document.Budget.Cents),
    ];

    public IAsyncEnumerable<Stored<FundingCall>> ListAsync(string fundId, CallStatus? status, CancellationToken cancellationToken) =>
        QueryPartitionAsync(fundId, status is null ? null : TableClient.CreateQueryFilter($"Status eq {status.ToString()}"), cancellationToken);
}
