using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Performance;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Intake;

/// <summary>
/// A submission's transaction commits but its answer is lost; the SDK retries it and meets the submission's own replay
/// marker (409). That is this request's own commit, recognised by the submission id in the marker: answered as created
/// (not as a repeat), its e-mails relayed once, nothing written twice.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LostAnswerTests(SharedFixture shared)
{
    [Fact]
    public async Task An_application_whose_commit_answer_was_lost_is_created_once_and_answered_as_created()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var fundId = await FundWithOpenCallAsync(measured.App);
        measured.Hooks.LoseAnswer(m => StorageHooks.IsTransactionWriting(m, "app-"));

        var response = await SubmitAsync(measured.App, fundId, TestData.Application(Start));

        Assert.Equal(201, response.Status);
        Assert.False(response.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal("MRF-2026-0001", response.Json.GetProperty("reference").GetString());
        var rows = await RowsAsync(measured.App, fundId);
        Assert.Single(rows, r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.RowKey.StartsWith(OutboxEntry.RowKeyPrefix, StringComparison.Ordinal));
        Assert.Equal(2, (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId)).Count);

        // The next one still gets the next number: the counter was not left behind.
        Assert.Equal("MRF-2026-0002", (await SubmitAsync(measured.App, fundId, TestData.Application(Start, "Schule B"))).Json.GetProperty("reference").GetString());
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_pledge_whose_commit_answer_was_lost_is_created_once_and_answered_as_created()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Pledges.PledgeTestKit.Now);
        var fundId = await Funds.CallTests.NewFund(measured.App);
        measured.Hooks.LoseAnswer(m => StorageHooks.IsTransactionWriting(m, "pledge-"));

        var response = await Pledges.PledgeTestKit.SubmitAsync(measured.App, fundId, Pledges.PledgeTestKit.Pledge(), Guid.NewGuid().ToString());

        Assert.Equal(201, response.Status);
        Assert.False(response.Headers.ContainsKey("Idempotent-Replayed"));
        var pledges = await RelayCostTests.RowsAsync(measured.App.Storage.Table(TableNames.Pledges), fundId);
        Assert.Single(pledges, r => r.RowKey.StartsWith("pledge-", StringComparison.Ordinal));
        Assert.DoesNotContain(pledges, r => r.RowKey.StartsWith(OutboxEntry.RowKeyPrefix, StringComparison.Ordinal));
        Assert.Single(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));
    }
}
