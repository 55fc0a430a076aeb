using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Backups;

/// <summary>
/// The nightly backup of the tables that hold money or audit data: one gzip-compressed JSON-lines blob per table and
/// night, <c>tables/{yyyy-MM-dd}/{Table}.jsonl.gz</c> in the <c>backups</c> container (immutable in prod).
/// A backup is the one place where reading a whole table is the point; it is done page by page (1,000 rows) and
/// the compressed bytes are staged as blocks of <see cref="BlockBytes"/>, so memory stays flat however large a table
/// grows. Consistency: the blob appears only when its block list is committed, with If-None-Match: *, so a night's
/// blob is either complete or absent. A crash leaves uncommitted blocks (the service discards them after a week) and
/// the next run writes the table again; a second run of the same night finds the blob and skips it; a commit whose
/// answer was lost is retried by the SDK and answered "already exists", which is the same outcome: that night's
/// table is backed up. Blocks carry the run's id, so two runs at once never mix their blocks. Rows are read without a
/// snapshot (Table Storage has none): each row is as it was when its page was read.
/// </summary>
public sealed class TableBackup(StorageAccount storage)
{
    /// <summary>Tables with money or audit data: payments, grants and decisions (Ledger), receipts and invoices,
    /// pledges, the audit trail, and the number series and counters.</summary>
    public static readonly IReadOnlyList<string> Tables =
        [TableNames.Ledger, TableNames.Receipts, TableNames.Pledges, TableNames.Audit, TableNames.Counters];

    public const string Prefix = "tables/";

    private const int PageSize = 1000;

    /// <summary>Compressed bytes per staged block; settable so that a test can cover many blocks with few rows.</summary>
    public int BlockBytes { get; init; } = 4 * 1024 * 1024;

    public static string BlobName(DateOnly night, string table) => $"{Prefix}{night:yyyy-MM-dd}/{table}.jsonl.gz";

    public async Task<IReadOnlyList<TableBackupResult>> BackUpAsync(DateOnly night, CancellationToken cancellationToken)
    {
        var results = new List<TableBackupResult>();
        foreach (var table in Tables)
        {
            results.Add(await BackUpTableAsync(night, table, cancellationToken));
        }

        return results;
    }

    private async Task<TableBackupResult> BackUpTableAsync(DateOnly night, string table, CancellationToken cancellationToken)
    {
        var blob = storage.Container(BlobContainerNames.Backups).GetBlockBlobClient(BlobName(night, table));
        if (await blob.ExistsAsync(cancellationToken))
        {
            return new TableBackupResult(table, blob.Name, null);
        }

        var run = Guid.NewGuid().ToString("N");
        var blockIds = new List<string>();
        long rows = 0;
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            await using var json = new Utf8JsonWriter(gzip, new JsonWriterOptions { Indented = false, SkipValidation = true });
            var pages = storage.Table(table).QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages();
            await foreach (var page in pages)
            {
                foreach (var entity in page.Values)
                {
                    BackupLine.Write(json, entity);
                    await json.FlushAsync(cancellationToken);
                    json.Reset();
                    gzip.WriteByte((byte)'\n');
                    rows++;
                }

                if (buffer.Length >= BlockBytes)
                {
                    await gzip.FlushAsync(cancellationToken);
                    await StageAsync(blob, run, blockIds, buffer, cancellationToken);
                }
            }
        }

        // Disposing the gzip stream wrote its footer into the buffer: the last block.
        await StageAsync(blob, run, blockIds, buffer, cancellationToken);
        try
        {
            await blob.CommitBlockListAsync(
                blockIds,
                new CommitBlockListOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" },
                    Metadata = new Dictionary<string, string> { ["table"] = table, ["rows"] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture), ["run"] = run },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Ours with a lost answer, or another run's of the same night: either way the night's table is backed up.
            return new TableBackupResult(table, blob.Name, null);
        }

        return new TableBackupResult(table, blob.Name, rows);
    }

    private static async Task StageAsync(BlockBlobClient blob, string run, List<string> blockIds, MemoryStream buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length == 0)
        {
            return;
        }

        // Same length for every id of a blob, as the service requires.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{run}-{blockIds.Count:D6}"));
        buffer.Position = 0;
        await blob.StageBlockAsync(id, buffer, cancellationToken: cancellationToken);
        blockIds.Add(id);
        buffer.SetLength(0);
    }
}

/// <param name="Rows">Rows written by this run; null when the night's blob already existed.</param>
public sealed record TableBackupResult(string Table, string BlobName, long? Rows);
