using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace MintFonds.Functions.Storage;

/// <summary>
/// Numbers that must be unique but may have gaps (pledge numbers), handed out from blocks this instance reserved: one
/// ETag-guarded write of the counter row reserves a block, and the numbers in it are this instance's alone, so
/// submissions take them without touching the counter and never race for it. A block starts at one number and doubles
/// (up to <see cref="MaxBlock"/>) while numbers are taken in quick succession, so a quiet fund gets consecutive numbers
/// and a busy one few reservations. What an instance had not used when it stopped, and a reservation whose answer was
/// lost (the SDK's retry then fails on the ETag and a new block is reserved), are gaps; no number is ever given twice.
/// </summary>
public sealed class NumberBlocks(StorageAccount storage)
{
    public const int MaxBlock = 32;

    /// <summary>A block used up within this time was too small: the next one is twice as large.</summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(10);

    private const int MaxAttempts = 100;

    private readonly ConcurrentDictionary<(string Table, string Partition, string RowKey), Series> _series = new();

    public async Task<long> NextAsync(string table, string partition, string counterKey, CancellationToken cancellationToken)
    {
        var series = _series.GetOrAdd((table, partition, counterKey), _ => new Series());
        await series.Lock.WaitAsync(cancellationToken);
        try
        {
            if (series.Next > series.End)
            {
                await ReserveAsync(storage.Table(table), partition, counterKey, series, cancellationToken);
            }

            return series.Next++;
        }
        finally
        {
            series.Lock.Release();
        }
    }

    private static async Task ReserveAsync(TableClient table, string partition, string counterKey, Series series, CancellationToken cancellationToken)
    {
        // Real time, not the injected clock: this is about the load on this instance, not about business time.
        series.Size = series.ReservedAt is { } reservedAt && Stopwatch.GetElapsedTime(reservedAt) < BurstWindow ? Math.Min(MaxBlock, series.Size * 2) : 1;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = series.Counter ?? await ReadAsync(table, partition, counterKey, cancellationToken);
            var last = PartitionBatch.CounterValue(current);
            var end = last + series.Size;
            try
            {
                var reserved = new TableEntity(partition, counterKey) { [PartitionBatch.CounterValueColumn] = end };
                var answer = current is null
                    ? await table.AddEntityAsync(reserved, cancellationToken)
                    : await table.UpdateEntityAsync(reserved, current.ETag, TableUpdateMode.Replace, cancellationToken);
                series.Counter = answer.Headers.ETag is { } etag
                    ? new TableEntity(partition, counterKey) { [PartitionBatch.CounterValueColumn] = end, ETag = etag }
                    : null;
                series.Next = last + 1;
                series.End = end;
                series.ReservedAt = Stopwatch.GetTimestamp();
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance reserved meanwhile (or our own reservation's answer was lost: then that block is a gap).
                series.Counter = null;
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new InvalidOperationException($"No block of numbers could be reserved in {table.Name}/{partition}.");
    }

    private static async Task<TableEntity?> ReadAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private sealed class Series
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public long Next { get; set; } = 1;

        public long End { get; set; }

        public int Size { get; set; } = 1;

        public long? ReservedAt { get; set; }

        /// <summary>The counter row as this instance last wrote it; null when unknown.</summary>
        public TableEntity? Counter { get; set; }
    }
}
