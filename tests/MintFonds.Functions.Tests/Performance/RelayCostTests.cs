using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Performance;

/// <summary>
/// The outbox relay timer's cost does not grow with history: it reads a fund's pending outbox rows by row-key range and
/// nothing else, so with 10 or 500 applications stored it sends the same requests and gets the same rows back, and none
/// of its queries is a scan (storage examining rows it does not return, see <see cref="StorageRequestCounter"/>).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RelayCostTests(SharedFixture shared)
{
    [Fact]
    public async Task A_relay_run_reads_the_same_rows_with_10_and_with_500_applications_stored()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await FundWithOpenCallAsync(app);
        var relay = app.Get<OutboxRelay>();
        var runs = new List<StorageCounts>();
        var stored = 0;
        foreach (var history in new[] { 10, 500 })
        {
            var from = stored;
            var accepted = await IntakeCostTests.ConcurrentlyAsync(history - from, 8, i => SubmitAsync(app, fundId, TestData.Application(Start, $"Schule {from + i}")));
            Assert.All(accepted, r => Assert.Equal(201, r.Status));
            stored = history;
            await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

            // Interrupted relays, one in each kind of partition the relay reads.
            var pending = await AddPendingAsync(app, fundId);
            app.Time.Advance(OutboxRelayFunctions.GracePeriod + TimeSpan.FromMinutes(1));
            runs.Add(await measured.CountAsync(async () =>
                Assert.Equal(pending, await relay.RelayFundAsync(fundId, app.Time.GetUtcNow() - OutboxRelayFunctions.GracePeriod, CancellationToken.None))));
        }

        Assert.Equal(runs[0].Operations.Select(o => (o.Operation, o.Requests, o.Rows)), runs[1].Operations.Select(o => (o.Operation, o.Requests, o.Rows)));
        Assert.Equal(0, runs[1].Scans);
        Assert.Equal(4, runs[1].Rows);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

        // The whole timer run: no scan of any table, whatever other funds hold.
        var timer = await measured.CountAsync(() => app.Get<OutboxRelayFunctions>().RelayOutbox(new TimerInfo(), CancellationToken.None));
        Assert.Equal(0, timer.Scans);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_receipt_written_into_an_old_year_is_relayed_through_its_mark_and_the_mark_is_removed_after()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await Funds.CallTests.NewFund(app);
        var years = app.Get<ReceiptYears>();
        Assert.False(years.NeedsMark(2025));
        Assert.True(years.NeedsMark(2023));

        // What the issuer does before it writes into 2023, then the outbox row of a receipt whose publishing was interrupted.
        await years.MarkAsync(fundId, 2023, CancellationToken.None);
        var receipts = app.Storage.Table(TableNames.Receipts);
        await receipts.AddEntityAsync(OutboxEntry.Create(ReceiptTable.Partition(fundId, 2023), "publish-2023-0001", QueueNames.Notifications, Probe(fundId), app.Time.GetUtcNow()));
        app.Time.Advance(TimeSpan.FromMinutes(10));

        var relay = app.Get<OutboxRelay>();
        Assert.Equal(1, await relay.RelayFundAsync(fundId, app.Time.GetUtcNow() - OutboxRelayFunctions.GracePeriod, CancellationToken.None));
        Assert.Empty(await RowsAsync(receipts, ReceiptTable.Partition(fundId, 2023)));
        Assert.Empty(await RowsAsync(receipts, ReceiptYears.MarksPartition(fundId)));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    /// <summary>A pending outbox row in Applications, Pledges, Ledger and this year's receipts; returns how many.</summary>
    private static async Task<int> AddPendingAsync(TestApp app, string fundId)
    {
        var now = app.Time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        await app.Storage.Table(TableNames.Applications).AddEntityAsync(OutboxEntry.Create(fundId, "probe-" + id, QueueNames.Notifications, Probe(fundId), now));
        await app.Storage.Table(TableNames.Pledges).AddEntityAsync(OutboxEntry.Create(fundId, "probe-" + id, QueueNames.Notifications, Probe(fundId), now));
        await app.Storage.Table(TableNames.Ledger).AddEntityAsync(OutboxEntry.Create(fundId, "probe-" + id, QueueNames.Notifications, Probe(fundId), now));
        await app.Storage.Table(TableNames.Receipts).AddEntityAsync(OutboxEntry.Create(ReceiptTable.Partition(fundId, 2026), "probe-" + id, QueueNames.Notifications, Probe(fundId), now));
        return 4;
    }

    internal static string Probe(string fundId) =>
        System.Text.Json.JsonSerializer.Serialize(Notifications.NotificationTestKit.Message(fundId), Core.Json.MintFondsJson.Storage);

    internal static async Task<List<TableEntity>> RowsAsync(TableClient table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(row);
        }

        return rows;
    }
}
