using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Backups;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Backups;

/// <summary>Two Azurites of their own: the backed-up account must not change under the backup, the target starts empty.</summary>
public sealed class TwoAccounts : IAsyncLifetime
{
    public SharedFixture Source { get; } = new();

    public AzuriteProcess? Target { get; private set; }

    public async Task InitializeAsync()
    {
        await Source.InitializeAsync();
        Target = await AzuriteProcess.StartAsync(RepoPaths.Root);
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        if (Target is not null)
        {
            await Target.DisposeAsync();
        }
    }
}

/// <summary>
/// "Table data is backed up … with a tested restore into an empty storage account": fill Azurite (rows of every EDM
/// type, more than a page per table, audit entries written by the app), run the nightly backup timer, restore with
/// the documented tool (tools/Restore, as built) into a second Azurite and compare every row and every property's
/// type. The backup is gzip JSON lines, one blob per table and night, and a second run of the night writes nothing.
/// </summary>
public sealed class BackupRestoreTests(TwoAccounts accounts) : IClassFixture<TwoAccounts>
{
    private static readonly DateOnly Night = new(2026, 11, 30);

    [Fact]
    public async Task A_nightly_backup_restores_every_row_with_its_types_into_an_empty_account()
    {
        await using var app = await TestApp.StartAsync(accounts.Source, now: new DateTimeOffset(2026, 11, 30, 1, 30, 0, TimeSpan.Zero));
        await FillAsync(app);

        // The timer as the host runs it; blocks of 16 KiB so that even this data spans many blocks.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BackupFunctions>().BackUpTables(null!, CancellationToken.None);
        }

        var small = new TableBackup(app.Storage) { BlockBytes = 16 * 1024 };
        var again = await small.BackUpAsync(Night, CancellationToken.None);
        Assert.All(again, r => Assert.Null(r.Rows)); // idempotent per night: already there, nothing written

        var nextNight = await small.BackUpAsync(Night.AddDays(1), CancellationToken.None);
        var ledgerBlob = app.Storage.Container(BlobContainerNames.Backups).GetBlockBlobClient(TableBackup.BlobName(Night.AddDays(1), TableNames.Ledger));
        Assert.True((await ledgerBlob.GetBlockListAsync()).Value.CommittedBlocks.Count() > 1);
        await AssertGzipJsonLinesAsync(app, Night.AddDays(1), TableNames.Ledger, nextNight.Single(r => r.Table == TableNames.Ledger).Rows!.Value);

        var restore = await ExternalTool.RunAsync(
            "dotnet",
            [RestoreDll, "--from", app.ConnectionString, "--night", "2026-11-30", "--to", accounts.Target!.ConnectionString],
            TimeSpan.FromMinutes(3));
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var target = new TableServiceClient(accounts.Target.ConnectionString);
        foreach (var table in TableBackup.Tables)
        {
            var expected = await RowsAsync(app.Storage.Tables.GetTableClient(table));
            var actual = await RowsAsync(target.GetTableClient(table));
            Assert.True(expected.Count > 0, $"{table} holds no rows to compare.");
            Assert.Equal(expected.Count, actual.Count);
            foreach (var (want, got) in expected.Zip(actual))
            {
                AssertSameRow(table, want, got);
            }
        }

        // An interrupted restore is finished by running it again with resume: the same rows, written again.
        var resumed = await TableRestore.RestoreAsync(app.Storage.Container(BlobContainerNames.Backups), Night, target, resume: true, CancellationToken.None);
        Assert.Equal(2300, resumed.Single(r => r.Table == TableNames.Ledger).Rows);
        Assert.Equal((await RowsAsync(app.Storage.Tables.GetTableClient(TableNames.Ledger))).Count, (await RowsAsync(target.GetTableClient(TableNames.Ledger))).Count);

        // A second restore into the now filled account is refused: it would mix two states.
        var refused = await ExternalTool.RunAsync(
            "dotnet", [RestoreDll, "--from", app.ConnectionString, "--night", "2026-11-30", "--to", accounts.Target.ConnectionString], TimeSpan.FromMinutes(3));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("not empty", refused.StandardError, StringComparison.Ordinal);

        // Without arguments the tool says how to call it.
        var usage = await ExternalTool.RunAsync("dotnet", [RestoreDll], TimeSpan.FromMinutes(1));
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("usage:", usage.StandardError, StringComparison.Ordinal);
    }

    private static string RestoreDll => RepoPaths.Combine("tools", "Restore", "bin", RepoPaths.Configuration, "net10.0", "Restore.dll");

    /// <summary>Rows of every type the SDK knows, spread over partitions, more than one query page in Ledger.</summary>
    private static async Task FillAsync(TestApp app)
    {
        var random = new Random(4711);
        foreach (var table in TableBackup.Tables)
        {
            var client = app.Storage.Table(table);
            var rows = table == TableNames.Ledger ? 2300 : 40;
            for (var start = 0; start < rows; start += 100)
            {
                var partition = $"fund-{start / 1000}";
                var batch = Enumerable.Range(start, Math.Min(100, rows - start)).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, $"row-{i:D5}")
                {
                    ["Text"] = $"Zeile {i} – Förderung für MINT-AG „Robotik“ 🤖",
                    ["Cents"] = 1_234_567_890_123L + i,
                    ["Count"] = i,
                    ["Share"] = i / 7.0,
                    ["Flag"] = i % 2 == 0,
                    ["At"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i * 37.123),
                    ["Id"] = new Guid(i, 0, 0, [1, 2, 3, 4, 5, 6, 7, (byte)(i % 256)]),
                    ["Bytes"] = Enumerable.Range(0, 1 + (i % 50)).Select(_ => (byte)random.Next(256)).ToArray(),
                    ["Json"] = JsonSerializer.Serialize(new { amount = 500.25m + i, note = new string('x', i % 300) }),
                })).ToList();
                await client.SubmitTransactionAsync(batch);
            }
        }

        // Audit entries as the app writes them (chained).
        for (var i = 0; i < 5; i++)
        {
            await app.Get<AuditLog>().WriteAsync(new AuditEntry { Subject = "fund-backup", Action = "test.changed", Outcome = AuditOutcome.Done, Target = $"test/{i}" }, CancellationToken.None);
        }
    }

    private static async Task AssertGzipJsonLinesAsync(TestApp app, DateOnly night, string table, long rows)
    {
        var blob = app.Storage.Container(BlobContainerNames.Backups).GetBlobClient(TableBackup.BlobName(night, table));
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal("application/gzip", properties.ContentType);
        Assert.Equal(rows.ToString(System.Globalization.CultureInfo.InvariantCulture), properties.Metadata["rows"]);
        await using var gzip = new GZipStream(await blob.OpenReadAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var lines = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("p").ValueKind);
            lines++;
        }

        Assert.Equal(rows, lines);
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return [.. rows.OrderBy(r => r.PartitionKey, StringComparer.Ordinal).ThenBy(r => r.RowKey, StringComparer.Ordinal)];
    }

    private static void AssertSameRow(string table, TableEntity want, TableEntity got)
    {
        var where = $"{table}/{want.PartitionKey}/{want.RowKey}";
        Assert.Equal(want.PartitionKey, got.PartitionKey);
        Assert.Equal(want.RowKey, got.RowKey);
        var names = want.Keys.Where(k => k is not ("Timestamp" or "odata.etag")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, got.Keys.Where(k => k is not ("Timestamp" or "odata.etag")).Order(StringComparer.Ordinal).ToList());
        foreach (var name in names)
        {
            object? a = want[name], b = got[name];
            Assert.True(a?.GetType() == b?.GetType(), $"{where}.{name}: {a?.GetType().Name} became {b?.GetType().Name}");
            if (a is byte[] bytesA)
            {
                Assert.Equal(bytesA, (byte[])b!);
            }
            else
            {
                Assert.True(Equals(a, b), $"{where}.{name}: {a} became {b}");
            }
        }
    }
}
