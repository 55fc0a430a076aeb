using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Applications;

/// <summary>
/// A crash between "application committed" and "jobs enqueued" leaves the jobs as outbox rows; the relay timer sends
/// them. Simulated here by writing an outbox row as the transaction would and not relaying it inline.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OutboxRelayTests(SharedFixture shared)
{
    [Fact]
    public async Task The_relay_timer_sends_interrupted_jobs_once_and_leaves_fresh_ones_to_their_request()
    {
        await using var app = await TestApp.StartAsync(shared, now: ApplicationTestKit.Now);
        var fundId = await Funds.CallTests.NewFund(app);
        var table = app.Storage.Table(TableNames.Applications);
        var stale = Entry(fundId, "MRF-2026-0001-0", ApplicationTestKit.Now);
        var fresh = Entry(fundId, "MRF-2026-0002-0", ApplicationTestKit.Now.AddMinutes(9));
        await table.AddEntityAsync(stale);
        await table.AddEntityAsync(fresh);
        app.Time.Advance(TimeSpan.FromMinutes(10));

        var function = app.Get<OutboxRelayFunctions>();
        await function.RelayOutbox(new TimerInfo(), CancellationToken.None);
        await function.RelayOutbox(new TimerInfo(), CancellationToken.None);

        var sent = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(["application-received:" + fundId + ":MRF-2026-0001-0"], sent.Select(m => m.MessageKey));
        var left = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == fundId))
        {
            left.Add(row.RowKey);
        }

        Assert.Equal([fresh.RowKey], left);
        await table.DeleteEntityAsync(fundId, fresh.RowKey);
    }

    private static TableEntity Entry(string fundId, string id, DateTimeOffset createdAt)
    {
        var message = new NotificationMessage
        {
            MessageKey = $"application-received:{fundId}:{id}",
            Template = NotificationTemplates.ApplicationReceived,
            FundId = fundId,
            To = [new MailRecipient("schule@example.org", null)],
            Data = JsonSerializer.SerializeToElement(new { reference = id }),
        };
        return OutboxEntry.Create(fundId, id, QueueNames.Notifications, JsonSerializer.Serialize(message, MintFondsJson.Storage), createdAt);
    }
}
