using MintFonds.Core.Notifications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Notifications.NotificationTestKit;

namespace MintFonds.Functions.Tests.Notifications;

/// <summary>One queue message carrying several e-mail jobs (one state change, one message): each job as if it came alone.</summary>
[Collection(AppCollection.Name)]
public sealed class NotificationBatchTests(SharedFixture shared)
{
    [Fact]
    public async Task Each_job_of_a_message_is_sent_once_and_a_failing_one_brings_the_message_back_without_resending_the_others()
    {
        using var sendGrid = FakeSendGrid(202, 503, 202);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var first = Message(fundId);
        var second = Message(fundId, to: "buero@fonds.example");
        var text = NotificationBatch.Serialize([first, second]);
        var function = app.Get<NotificationFunctions>();

        // The second job meets a SendGrid outage: the message comes back; the first job is not sent again.
        await Assert.ThrowsAsync<RetryLaterException>(() => function.SendNotification(text, CancellationToken.None));
        await function.SendNotification(text, CancellationToken.None);
        await function.SendNotification(text, CancellationToken.None);

        Assert.Equal(3, SendCalls(sendGrid));
        var ledger = app.Get<DeliveryLedger>();
        Assert.Equal("Sent", (await ledger.GetAsync(first.MessageKey, CancellationToken.None))!.GetString("State"));
        Assert.Equal("Sent", (await ledger.GetAsync(second.MessageKey, CancellationToken.None))!.GetString("State"));
    }

    [Fact]
    public async Task A_message_whose_retries_ran_out_becomes_a_dead_letter_per_job_not_yet_sent()
    {
        using var sendGrid = FakeSendGrid(202, 503);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var sent = Message(fundId);
        var failing = Message(fundId, to: "buero@fonds.example");
        var text = NotificationBatch.Serialize([sent, failing]);
        await Assert.ThrowsAsync<RetryLaterException>(() => app.Get<NotificationFunctions>().SendNotification(text, CancellationToken.None));

        await app.Get<NotificationFunctions>().RecordFailedNotification(text, CancellationToken.None);

        var deadLetter = Assert.Single(await app.Get<DeadLetterService>().ListAsync(fundId, CancellationToken.None));
        Assert.Equal(failing.MessageKey, deadLetter.MessageKey);
        Assert.Equal(DeadLetterKind.RetriesExhausted, deadLetter.Kind);
    }
}
