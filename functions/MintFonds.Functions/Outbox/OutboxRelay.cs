using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Outbox;

/// <summary>Moves outbox rows to their queues: send first, then delete the row, so a crash in between only repeats a send.</summary>
public sealed partial class OutboxRelay(StorageAccount storage, TimeProvider time, ILogger<OutboxRelay> logger)
{
    /// <summary>Tables whose rows may carry outbox entries.</summary>
    public static readonly IReadOnlyList<string> Tables = [TableNames.Applications, TableNames.Pledges, TableNames.Ledger, TableNames.Receipts, TableNames.RoleAssignments];

    /// <summary>
    /// Relays the entries a transaction just wrote, right after its commit, without failing the request: the state
    /// change is stored and its messages are safe in the outbox, where the relay timer finds them if this fails.
    /// Only these entries: relaying the whole partition from every request would send each message many times.
    /// </summary>
    public async Task TrySendNowAsync(string table, IReadOnlyList<TableEntity> entries, CancellationToken cancellationToken)
    {
        try
        {
            var client = storage.Table(table);
            foreach (var entry in entries)
            {
                await SendAndDeleteAsync(client, entry, ETag.All, cancellationToken);
            }
        }
        catch (RequestFailedException ex)
        {
            LogRelayDeferred(logger, ex, table);
        }
    }

    /// <summary>Relays every entry older than <paramref name="minimumAge"/> in every outbox table (the safety net).</summary>
    public async Task<int> RelayStaleAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var relayed = 0;
        foreach (var table in Tables)
        {
            relayed += await RelayAsync(storage.Table(table), OutboxEntry.RangeFilter(), minimumAge, cancellationToken);
        }

        return relayed;
    }

    private async Task<int> RelayAsync(TableClient table, string filter, TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var relayed = 0;
        var cutoff = time.GetUtcNow() - minimumAge;
        await foreach (var entry in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entry.GetDateTimeOffset("CreatedAt") > cutoff)
            {
                continue;
            }

            try
            {
                await SendAndDeleteAsync(table, entry, entry.ETag, cancellationToken);
                relayed++;
            }
            catch (RequestFailedException ex)
            {
                // One row that keeps failing must not hold back the others; it stays and is tried again next time.
                LogRowFailed(logger, ex, table.Name, entry.PartitionKey, entry.RowKey);
            }
        }

        if (relayed > 0)
        {
            LogRelayed(logger, relayed, table.Name);
        }

        return relayed;
    }

    private async Task SendAndDeleteAsync(TableClient table, TableEntity entry, ETag etag, CancellationToken cancellationToken)
    {
        await storage.Queue(entry.GetString("Queue")).SendMessageAsync(entry.GetString("Message"), cancellationToken);
        try
        {
            await table.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, etag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Another relay got there first; its send and ours are one message to an idempotent consumer.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Table}/{PartitionKey}/{RowKey} could not be relayed")]
    private static partial void LogRowFailed(ILogger logger, Exception exception, string table, string partitionKey, string rowKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of table {Table} deferred to the relay timer")]
    private static partial void LogRelayDeferred(ILogger logger, Exception exception, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayed {Count} outbox messages from table {Table}")]
    private static partial void LogRelayed(ILogger logger, int count, string table);
}
