using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace MintFonds.Functions.Storage;

/// <summary>
/// The counter rows this instance wrote last (value and the ETag the commit answered with). The next commit writes the
/// counter guarded by that ETag without reading it first; if another instance moved it meanwhile, the ETag fails the
/// transaction and the caller forgets the entry and reads the row. Within one instance (see <see cref="PartitionLocks"/>)
/// the entry is always current, so a gapless series costs no read per number.
/// </summary>
public sealed class KnownCounters
{
    private readonly ConcurrentDictionary<(string Table, string Partition, string RowKey), (long Value, ETag ETag)> _known = new();

    public TableEntity? Get(string table, string partition, string rowKey) =>
        _known.TryGetValue((table, partition, rowKey), out var known)
            ? new TableEntity(partition, rowKey) { [PartitionBatch.CounterValueColumn] = known.Value, ETag = known.ETag }
            : null;

    /// <summary>Remembers a counter after a commit; an unknown ETag (the answer did not carry one) forgets it instead.</summary>
    public void Set(string table, string partition, string rowKey, long value, ETag? etag)
    {
        if (etag is { } known && known != default)
        {
            _known[(table, partition, rowKey)] = (value, known);
        }
        else
        {
            Forget(table, partition, rowKey);
        }
    }

    public void Forget(string table, string partition, string rowKey) => _known.TryRemove((table, partition, rowKey), out _);
}
