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
/// id and the take counts once, not twice. Old windows are never read again. Within one instance the takes of a
/// partition queue on a lock (<see cref="PartitionLocks.EnterStripeAsync"/>): a school whose classes share one public
/// address may send several forms at once, and they must not lose races to each other until the take gives up.
/// </summary>
public sealed class WindowCounters(StorageAccount storage, PartitionLocks locks)
{
    public const string WriteIdColumn = "WriteId";

    private const int MaxAttempts = 20;

    private readonly TableClient _table = storage.Table(TableNames.Counters);

    public async Task<CounterTake> TryTakeAsync(string partition, IReadOnlyList<CounterLimit> counters, CancellationToken cancellationToken)
    {
        using var turn = await locks.EnterStripeAsync(TableNames.Counters, partition, cancellationToken);
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

    /// <summary>
    /// Raises ONE counter row by <paramref name="amount"/> unless that would pass its limit; for counters that are rarely
    /// shared (one client's, one address's). Insert first: a row that does not exist yet (the usual case: a client's first
    /// submission in a window) costs one request and no read. Only when it exists (409) is it read and replaced under its
    /// ETag; a 409/412 whose row carries our write id was our own write with its answer lost.
    /// </summary>
    /// <param name="exists">The caller knows the row exists (it wrote it before): read first instead of inserting.</param>
    public async Task<CounterTake> TryTakeOneAsync(
        string partition, CounterLimit counter, CancellationToken cancellationToken, long amount = 1, bool exists = false)
    {
        if (amount > counter.Limit)
        {
            return new CounterTake(false, [0], counter.RowKey);
        }

        using var turn = await locks.EnterStripeAsync(TableNames.Counters, partition, cancellationToken);
        var writeId = Guid.NewGuid().ToString("N");
        if (!exists)
        {
            try
            {
                await _table.AddEntityAsync(
                    new TableEntity(partition, counter.RowKey) { [PartitionBatch.CounterValueColumn] = amount, [WriteIdColumn] = writeId }, cancellationToken);
                return new CounterTake(true, [amount]);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // The row exists: someone counted first in this window, or our own insert committed with its answer lost.
            }
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, counter.RowKey, cancellationToken: cancellationToken);
            var row = response.HasValue ? response.Value : null;
            if (row?.GetString(WriteIdColumn) == writeId)
            {
                return new CounterTake(true, [PartitionBatch.CounterValue(row)]);
            }

            var count = PartitionBatch.CounterValue(row);
            if (count + amount > counter.Limit)
            {
                return new CounterTake(false, [count], counter.RowKey);
            }

            writeId = Guid.NewGuid().ToString("N");
            var next = new TableEntity(partition, counter.RowKey) { [PartitionBatch.CounterValueColumn] = count + amount, [WriteIdColumn] = writeId };
            try
            {
                if (row is null)
                {
                    await _table.AddEntityAsync(next, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return new CounterTake(true, [count + amount]);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Lost a race, or our own write's answer was lost: the next read tells (it finds our write id).
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        return new CounterTake(false, [0]);
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
