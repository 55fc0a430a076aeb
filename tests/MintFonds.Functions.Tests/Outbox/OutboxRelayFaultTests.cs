using Azure.Data.Tables;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Performance;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Outbox;

/// <summary>
/// The outbox relay under storage faults as the SDK reports them after its retries (an AggregateException of time-outs
/// or dropped connections): one row or one table that fails holds back nothing else; and a repeated post relays the
/// e-mails its first answer left pending, at once.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OutboxRelayFaultTests(SharedFixture shared)
{
    [Fact]
    public async Task A_row_whose_send_times_out_and_a_table_that_cannot_be_read_hold_back_nothing_else()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await Funds.CallTests.NewFund(app);
        var slowQueue = "relay-slow-" + Guid.NewGuid().ToString("N")[..8];
        await app.Storage.Queue(slowQueue).CreateAsync();
        var now = app.Time.GetUtcNow();
        var applications = app.Storage.Table(TableNames.Applications);
        var pledges = app.Storage.Table(TableNames.Pledges);
        var ledger = app.Storage.Table(TableNames.Ledger);
        await applications.AddEntityAsync(OutboxEntry.Create(fundId, "a-slow", slowQueue, "{}", now));
        await applications.AddEntityAsync(OutboxEntry.Create(fundId, "b-fine", QueueNames.Notifications, RelayCostTests.Probe(fundId), now));
        await pledges.AddEntityAsync(OutboxEntry.Create(fundId, "c-unreadable", QueueNames.Notifications, RelayCostTests.Probe(fundId), now));
        await ledger.AddEntityAsync(OutboxEntry.Create(fundId, "d-fine", QueueNames.Notifications, RelayCostTests.Probe(fundId), now));
        app.Time.Advance(TimeSpan.FromMinutes(10));

        // Every attempt the SDK makes fails: it gives up with an AggregateException.
        measured.Hooks.Fail(m => StorageHooks.IsSendTo(m, slowQueue), () => new TaskCanceledException("Test: the send timed out."), times: 100);
        measured.Hooks.Fail(m => StorageHooks.IsQueryOf(m, TableNames.Pledges) && m.Request.Uri.ToString().Contains(fundId, StringComparison.Ordinal), () => new IOException("Test: connection reset."), times: 100);
        await app.Get<OutboxRelayFunctions>().RelayOutbox(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        measured.Hooks.Clear();

        Assert.Equal(["outbox-a-slow"], await OutboxKeysAsync(applications, fundId));
        Assert.Equal(["outbox-c-unreadable"], await OutboxKeysAsync(pledges, fundId));
        Assert.Empty(await OutboxKeysAsync(ledger, fundId));
        Assert.Equal(2, (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId)).Count);

        // The next run, without faults, relays what was left.
        await app.Get<OutboxRelayFunctions>().RelayOutbox(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        Assert.Empty(await OutboxKeysAsync(applications, fundId));
        Assert.Empty(await OutboxKeysAsync(pledges, fundId));
        Assert.Single(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));
        await app.Storage.Queue(slowQueue).DeleteAsync();
    }

    [Fact]
    public async Task A_repeated_post_relays_the_e_mails_that_its_first_answer_left_pending_at_once()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await FundWithOpenCallAsync(app);
        var key = Guid.NewGuid().ToString();

        // The application is stored, but the queue cannot be reached: the e-mails wait in the outbox.
        measured.Hooks.Fail(m => StorageHooks.IsSendTo(m, QueueNames.Notifications), () => new IOException("Test: queue unreachable."), times: 100);
        var first = await SubmitAsync(app, fundId, TestData.Application(Start), key);
        measured.Hooks.Clear();
        Assert.Equal(201, first.Status);
        Assert.Single(await OutboxKeysAsync(app.Storage.Table(TableNames.Applications), fundId));
        Assert.Empty(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));

        // The client never saw that answer and posts again a minute later: same answer, and the e-mails go out now, not on
        // the next timer run.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await SubmitAsync(app, fundId, TestData.Application(Start), key);
        Assert.Equal(201, again.Status);
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        Assert.Equal(first.Body, again.Body);
        Assert.Empty(await OutboxKeysAsync(app.Storage.Table(TableNames.Applications), fundId));
        var mails = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(2, mails.Count);
    }

    private static async Task<List<string>> OutboxKeysAsync(TableClient table, string partition) =>
        [.. (await RelayCostTests.RowsAsync(table, partition)).Select(r => r.RowKey).Where(k => k.StartsWith(OutboxEntry.RowKeyPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
