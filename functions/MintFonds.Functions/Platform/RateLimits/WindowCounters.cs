using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Platform.RateLimits;

/// <summary>One counter row of a take and the value it may not exceed.</summary>
public sealed record CounterLimit(string RowKey, long Limit);

/// <param name="Taken">True when every counter was below its limit and all were raised by one.</param>
/// <param name="Counts">The counters' values after the take (or, when refused, as found), in the order asked.</param>
/// <param name="Exhausted">When refused: the first counter found at its limit; null when the take lost too many races.</param>
public sealed record CounterTake(bool Taken, IReadOnlyList<long> Counts, string? Exhausted = null);

/// <summary>
/// Counters for limits, in the Counters table: several counter rows of ONE partition (typically a window, e.g.
/// "anonymous-submissions|202611260900", with a row for all clients and one per client) are raised together in one
/// ETag-guarded transaction, or not at all. A counter stops at its limit: a take that finds any counter there writes
/// nothing, so a flood costs point reads only, and a partition never holds more rows than its all-clients limit allows.
/// Consistency: a lost race (409/412) is retried from a fresh read. Every write carries a new write id, so when the
/// SDK's retry of our own committed transaction comes back 409/412 (the first answer was lost), the re-read finds our
/// id and the take counts once, not twice. Old windows are never read again.
/// </summary>
public sealed class WindowCounters(StorageAccount storage)
{
    public const string WriteIdColumn = "WriteId";

    private const int MaxAttempts = 20;

    private readonly TableClient _table = storage.Table(TableNames.Counters);

    public async Task<CounterTake> TryTakeAsync(string partition, IReadOnlyList<CounterLimit> counters, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var rows = await ReadAsync(partition, counters, cancellationToken);
            var counts = rows.Select(PartitionBatch.CounterValue).ToArray();
            for (var i = 0; i < counters.Count; i++)
            {
                if (counts[i] >= counters[i].Limit)
                {
                    return new CounterTake(false, counts, counters[i].RowKey);
                }
            }

            var writeId = Guid.NewGuid().ToString("N");
            var batch = new PartitionBatch(partition);
            for (var i = 0; i < counters.Count; i++)
            {
                var row = new TableEntity(partition, counters[i].RowKey)
                {
                    [PartitionBatch.CounterValueColumn] = counts[i] + 1,
                    [WriteIdColumn] = writeId,
                    ETag = rows[i]?.ETag ?? default,
                };
                if (rows[i] is null)
                {
                    batch.Add(row);
                }
                else
                {
                    batch.ReplaceIfUnchanged(row);
                }
            }

            try
            {
                await batch.SubmitAsync(_table, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Our own transaction may have committed with its answer lost: then the rows carry our write id.
                var check = await _table.GetEntityIfExistsAsync<TableEntity>(partition, counters[0].RowKey, [WriteIdColumn], cancellationToken);
                if (check.HasValue && check.Value!.GetString(WriteIdColumn) == writeId)
                {
                    return new CounterTake(true, counts.Select(c => c + 1).ToArray());
                }

                await Contention.BackOffAsync(attempt, cancellationToken);
                continue;
            }

            return new CounterTake(true, counts.Select(c => c + 1).ToArray());
        }

        // Still losing races after many attempts means a storm is under way: refusing without a write keeps it cheap.
        return new CounterTake(false, new long[counters.Count]);
    }

    /// <summary>The current value of one counter; 0 when it does not exist.</summary>
    public async Task<long> ReadAsync(string partition, string rowKey, CancellationToken cancellationToken) =>
        PartitionBatch.CounterValue((await ReadAsync(partition, [new CounterLimit(rowKey, long.MaxValue)], cancellationToken))[0]);

    private async Task<TableEntity?[]> ReadAsync(string partition, IReadOnlyList<CounterLimit> counters, CancellationToken cancellationToken)
    {
        var reads = counters
            .Select(c => _table.GetEntityIfExistsAsync<TableEntity>(partition, c.RowKey, cancellationToken: cancellationToken))
            .ToArray();
        var rows = new TableEntity?[reads.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            var response = await reads[i];
            rows[i] = response.HasValue ? response.Value : null;
        }

        return rows;
    }
}
