using System.IO.Compression;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Backups;

/// <summary>
/// Writes one night's backup (<see cref="TableBackup"/>) into the tables of another storage account; used by
/// <c>tools/Restore</c>, never by the app. Rows are streamed from the blob and written as upserts in table
/// transactions of up to 100 rows of one partition (the backup lists rows in key order, so a partition's rows are
/// adjacent), so memory stays flat. A target table that already holds rows is refused unless the caller resumes an
/// interrupted restore: restoring over live data would silently mix two states. Re-running writes the same rows
/// again (upserts), so an interrupted restore is finished by running it again with resume.
/// </summary>
public static class TableRestore
{
    private const int MaxBatchRows = 100;

    // Table transactions are limited to 4 MiB; stay clearly below.
    private const int MaxBatchChars = 2 * 1024 * 1024;

    public static async Task<IReadOnlyList<TableRestoreResult>> RestoreAsync(
        BlobContainerClient backups, DateOnly night, TableServiceClient target, bool resume, CancellationToken cancellationToken)
    {
        var results = new List<TableRestoreResult>();
        foreach (var table in TableBackup.Tables)
        {
            var blob = backups.GetBlobClient(TableBackup.BlobName(night, table));
            if (!await blob.ExistsAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The backup of night {night:yyyy-MM-dd} has no blob '{blob.Name}'.");
            }

            var client = target.GetTableClient(table);
            await client.CreateIfNotExistsAsync(cancellationToken);
            if (!resume && await HasRowsAsync(client, cancellationToken))
            {
                throw new InvalidOperationException($"Table '{table}' of the target account is not empty; restore only into an empty account (or resume an interrupted restore).");
            }

            results.Add(new TableRestoreResult(table, await RestoreTableAsync(blob, client, cancellationToken)));
        }

        return results;
    }

    private static async Task<long> RestoreTableAsync(BlobClient blob, TableClient table, CancellationToken cancellationToken)
    {
        long rows = 0;
        var batch = new List<TableTransactionAction>();
        var batchChars = 0;
        await using var download = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        await using var gzip = new GZipStream(download, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var entity = BackupLine.Read(line);
            if (batch.Count > 0 && (batch[0].Entity.PartitionKey != entity.PartitionKey || batch.Count == MaxBatchRows || batchChars + line.Length > MaxBatchChars))
            {
                await SubmitAsync(table, batch, cancellationToken);
                batch.Clear();
                batchChars = 0;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            batchChars += line.Length;
            rows++;
        }

        if (batch.Count > 0)
        {
            await SubmitAsync(table, batch, cancellationToken);
        }

        return rows;
    }

    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> batch, CancellationToken cancellationToken) =>
        await table.SubmitTransactionAsync(batch, cancellationToken);

    private static async Task<bool> HasRowsAsync(TableClient table, CancellationToken cancellationToken)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
            {
                return true;
            }

            if (string.IsNullOrEmpty(page.ContinuationToken))
            {
                break;
            }
        }

        return false;
    }
}

public sealed record TableRestoreResult(string Table, long Rows);
