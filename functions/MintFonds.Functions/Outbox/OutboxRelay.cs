using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Outbox;

/// <summary>
/// Moves outbox rows to their queues: send first, then delete the rows, so a crash in between only repeats a send.
/// The timer's safety net reads pending rows only, partition by partition, never a whole table: the rows of one fund in
/// Applications, Pledges, Ledger and RoleAssignments, and in Receipts the fund's partitions of this year and the year before, plus
/// the older years a receipt was written to lately (<see cref="ReceiptYears"/>). Its cost depends on the funds and the
/// pending rows, not on how much history is stored. One failing row or partition never holds back the others.
/// </summary>
public sealed partial class OutboxRelay(StorageAccount storage, ReceiptYears receiptYears, TimeProvider time, ILogger<OutboxRelay> logger)
{
    /// <summary>Tables partitioned by fund id whose rows may carry outbox entries.</summary>
    public static readonly IReadOnlyList<string> FundTables = [TableNames.Applications, TableNames.Pledges, TableNames.Ledger, TableNames.RoleAssignments];

    /// <summary>
    /// Relays the entries a transaction just wrote, right after its commit, without failing the request: the state
    /// change is stored and its messages are safe in the outbox, where the relay timer finds them if this fails.
    /// Only these entries: relaying the whole partition from every request would send each message many times.
    /// </summary>
    public async Task TrySendNowAsync(string table, IReadOnlyList<TableEntity> entries, CancellationToken cancellationToken)
    {
        try
        {
            await SendAndDeleteAsync(storage.Table(table), entries, useETags: false, cancellationToken);
        }
        catch (Exception ex) when (IsRelayFailure(ex, cancellationToken))
        {
            LogRelayDeferred(logger, ex, table);
        }
    }

    /// <summary>Entries younger than this may still be relayed by the request that wrote them; a repeat leaves them to it.</summary>
    public static readonly TimeSpan InlineRelayTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Relays whatever is still pending of the entries written under <paramref name="id"/> (see
    /// <see cref="OutboxEntry.ForNotifications"/>) for a repeated submission whose first answer was lost before its
    /// e-mails were relayed, so they go out now and not only on the next timer run. Entries younger than
    /// <see cref="InlineRelayTime"/> are left to the first request, still running (a double click, a concurrent retry),
    /// so a repeat does not send every message again. One range read when nothing is pending.
    /// </summary>
    public async Task TrySendPendingAsync(string table, string partitionKey, string id, CancellationToken cancellationToken)
    {
        try
        {
            var client = storage.Table(table);
            var pending = new List<TableEntity>();
            var cutoff = time.GetUtcNow() - InlineRelayTime;
            await foreach (var entry in client.QueryAsync<TableEntity>(OutboxEntry.PendingFilter(partitionKey, id), cancellationToken: cancellationToken))
            {
                if (entry.GetDateTimeOffset("CreatedAt") <= cutoff)
                {
                    pending.Add(entry);
                }
            }

            await SendAndDeleteAsync(client, pending, useETags: true, cancellationToken);
        }
        catch (Exception ex) when (IsRelayFailure(ex, cancellationToken))
        {
            LogRelayDeferred(logger, ex, table);
        }
    }

    /// <summary>Relays every entry older than <paramref name="minimumAge"/> (the safety net); returns how many.</summary>
    public async Task<int> RelayStaleAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - minimumAge;
        var relayed = 0;
        await foreach (var fundId in FundIdsAsync(cancellationToken))
        {
            relayed += await RelayFundAsync(fundId, cutoff, cancellationToken);
        }

        return relayed;
    }

    /// <summary>Relays one fund's entries written before <paramref name="cutoff"/>: its outbox ranges and nothing else.</summary>
    public async Task<int> RelayFundAsync(string fundId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var relayed = 0;
        foreach (var table in FundTables)
        {
            relayed += (await RelayPartitionAsync(storage.Table(table), fundId, cutoff, cancellationToken)).Relayed;
        }

        try
        {
            foreach (var (year, mark) in await receiptYears.YearsToRelayAsync(fundId, cancellationToken))
            {
                var (relayedHere, left) = await RelayPartitionAsync(storage.Table(TableNames.Receipts), ReceiptTable.Partition(fundId, year), cutoff, cancellationToken);
                relayed += relayedHere;
                if (mark is not null && left == 0)
                {
                    await receiptYears.ForgetAsync(mark, cutoff, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (IsRelayFailure(ex, cancellationToken))
        {
            LogPartitionFailed(logger, ex, TableNames.Receipts, fundId);
        }

        return relayed;
    }

    /// <summary>Every fund's id: one partition of the Funds table, its keys only.</summary>
    private async IAsyncEnumerable<string> FundIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {FundTable.Partition}");
        await foreach (var row in storage.Table(TableNames.Funds).QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return row.RowKey;
        }
    }

    /// <returns>How many rows were relayed, and how many are left (younger than the cutoff, failed, or -1: unreadable).</returns>
    private async Task<(int Relayed, int Left)> RelayPartitionAsync(TableClient table, string partitionKey, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var relayed = 0;
        var left = 0;
        try
        {
            await foreach (var entry in table.QueryAsync<TableEntity>(OutboxEntry.PendingFilter(partitionKey), cancellationToken: cancellationToken))
            {
                if (entry.GetDateTimeOffset("CreatedAt") > cutoff)
                {
                    left++;
                    continue;
                }

                try
                {
                    await SendAndDeleteAsync(table, [entry], useETags: true, cancellationToken);
                    relayed++;
                }
                catch (Exception ex) when (IsRelayFailure(ex, cancellationToken))
                {
                    // One row that keeps failing must not hold back the others; it stays and is tried again next time.
                    left++;
                    LogRowFailed(logger, ex, table.Name, entry.PartitionKey, entry.RowKey);
                }
            }
        }
        catch (Exception ex) when (IsRelayFailure(ex, cancellationToken))
        {
            // Nor one partition that cannot be read.
            left = -1;
            LogPartitionFailed(logger, ex, table.Name, partitionKey);
        }

        if (relayed > 0)
        {
            LogRelayed(logger, relayed, table.Name, partitionKey);
        }

        return (relayed, left);
    }

    private async Task SendAndDeleteAsync(TableClient table, IReadOnlyList<TableEntity> entries, bool useETags, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        foreach (var entry in entries)
        {
            await storage.Queue(entry.GetString("Queue")).SendMessageAsync(entry.GetString("Message"), cancellationToken);
        }

        // Then clear them: one request for a transaction's rows (they share its partition).
        foreach (var partition in entries.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            var rows = partition.ToList();
            try
            {
                if (rows.Count == 1)
                {
                    await table.DeleteEntityAsync(rows[0].PartitionKey, rows[0].RowKey, useETags ? rows[0].ETag : ETag.All, cancellationToken);
                }
                else
                {
                    var batch = new PartitionBatch(partition.Key);
                    foreach (var row in rows)
                    {
                        batch.Delete(new TableEntity(row.PartitionKey, row.RowKey) { ETag = useETags ? row.ETag : ETag.All });
                    }

                    await batch.SubmitAsync(table, cancellationToken);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Another relay got there first (for some of a batch: the rest go next time, a repeated send is harmless).
            }
        }
    }

    /// <summary>What may fail one send or one partition without failing the rest: storage refusals and outages, not the caller's cancellation.</summary>
    private static bool IsRelayFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is RequestFailedException || StorageFault.IsTransient(exception, cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Table}/{PartitionKey}/{RowKey} could not be relayed")]
    private static partial void LogRowFailed(ILogger logger, Exception exception, string table, string partitionKey, string rowKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox rows of {Table}/{PartitionKey} could not be read")]
    private static partial void LogPartitionFailed(ILogger logger, Exception exception, string table, string partitionKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of table {Table} deferred to the relay timer")]
    private static partial void LogRelayDeferred(ILogger logger, Exception exception, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayed {Count} outbox messages from {Table}/{PartitionKey}")]
    private static partial void LogRelayed(ILogger logger, int count, string table, string partitionKey);
}
