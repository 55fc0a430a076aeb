using MintFonds.Core.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Funds;

/// <summary>Funds: PartitionKey "fund", RowKey = fund id. One small partition: all funds are listed together.</summary>
public sealed class FundTable(StorageAccount storage) : DocumentTable<Fund>(storage.Table(TableNames.Funds))
{
    public const string Partition = "fund";

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(Fund document) =>
    [
        new("Name", document.Name),
        new("Region", document.Region),
        new("Status", document.Status.ToString()),
    ];

    public Task<Stored<Fund>?> GetAsync(string fundId, CancellationToken cancellationToken) =>
        GetAsync(Partition, fundId, cancellationToken);
}
