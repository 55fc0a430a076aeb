using MintFonds.Core.Notifications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Notifications.NotificationTestKit;

namespace MintFonds.Functions.Tests.Notifications;

[Collection(AppCollection.Name)]
public sealed class DeadLetterTests(SharedFixture shared)
{
    [Fact]
    public async Task A_message_that_exhausted_its_retries_is_recorded_once_and_the_office_alerted_through_the_outbox()
    {
        using var sendGrid = FakeSendGrid(503);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var text = Text(Message(fundId));

        // What the host does after maxDequeueCount failures: the same text arrives on the poison queue (maybe twice).
        await app.Get<NotificationFunctions>().RecordFailedNotification(text, CancellationToken.None);
        await app.Get<NotificationFunctions>().RecordFailedNotification(text, CancellationToken.None);

        var deadLetter = Assert.Single(await app.Get<DeadLetterService>().ListAsync(fundId, CancellationToken.None));
        Assert.Equal(DeadLetterKind.RetriesExhausted, deadLetter.Kind);
        Assert.Equal(NotificationTemplates.ApplicationReceived, deadLetter.Template);
        var alert = await SendNotificationTests.OutboxMail(app, fundId, NotificationTemplates.FailedMessageAlert);
        Assert.Contains(deadLetter.Id, alert.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, SendCalls(sendGrid));
    }

    [Fact]
    public async Task The_office_lists_dead_letters_and_resends_one_which_then_goes_out_once()
    {
        using var sendGrid = FakeSendGrid(400, 202);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var message = Message(fundId);
        await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);

        var list = await app.CallAsync<DeadLetterAdminFunctions>(
            "GET", $"/api/manage/funds/{fundId}/dead-letters", (f, r) => f.ListDeadLetters(r, fundId, CancellationToken.None), token: app.PlatformAdminToken);
        var id = list.Json.GetProperty("deadLetters")[0].GetProperty("id").GetString()!;
        Assert.Equal("refused", list.Json.GetProperty("deadLetters")[0].GetProperty("kind").GetString());

        var resend = await app.CallAsync<DeadLetterAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/dead-letters/{id}/resend", (f, r) => f.ResendDeadLetter(r, fundId, id, CancellationToken.None), token: app.PlatformAdminToken);
        var again = await app.CallAsync<DeadLetterAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/dead-letters/{id}/resend", (f, r) => f.ResendDeadLetter(r, fundId, id, CancellationToken.None), token: app.PlatformAdminToken);

        Assert.Equal(200, resend.Status);
        Assert.Equal("resent", resend.Json.GetProperty("status").GetString());
        Assert.Equal(200, again.Status);

        // The message is back on the queue once; the sender takes it as a queue trigger would.
        var queued = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        var back = Assert.Single(queued);
        Assert.Equal(message.MessageKey, back.MessageKey);
        await app.Get<NotificationFunctions>().SendNotification(Text(back), CancellationToken.None);
        Assert.Equal("Sent", (await app.Get<DeliveryLedger>().GetAsync(message.MessageKey, CancellationToken.None))!.GetString("State"));
    }

    [Fact]
    public async Task A_malformed_dead_letter_cannot_be_resent_and_an_auditor_cannot_resend()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await FundAsync(app);
        var text = $$$"""{"schemaVersion": 1, "messageKey": "k-{{{Guid.NewGuid()}}}", "template": "gibt-es-nicht", "fundId": "{{{fundId}}}", "to": [{"email": "a@b.de"}], "data": {}}""";
        await app.Get<NotificationFunctions>().SendNotification(text, CancellationToken.None);
        var id = DeadLetterTable.IdFor(QueueNames.Notifications, text);

        var malformed = await app.CallAsync<DeadLetterAdminFunctions>(
            "POST", "/api/x", (f, r) => f.ResendDeadLetter(r, fundId, id, CancellationToken.None), token: app.PlatformAdminToken);
        var auditor = TestData.NewPrincipalId();
        await Access.AdminAccessTests.Grant(app, fundId, auditor, "auditor");
        var refused = await app.CallAsync<DeadLetterAdminFunctions>(
            "POST", "/api/x", (f, r) => f.ResendDeadLetter(r, fundId, id, CancellationToken.None), token: app.TokenFor(auditor));
        var unknown = await app.CallAsync<DeadLetterAdminFunctions>(
            "POST", "/api/x", (f, r) => f.ResendDeadLetter(r, fundId, "nicht-da", CancellationToken.None), token: app.PlatformAdminToken);

        Assert.Equal(409, malformed.Status);
        Assert.Equal(403, refused.Status);
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task A_resent_message_that_fails_again_is_reopened_and_alerted_again()
    {
        using var sendGrid = FakeSendGrid(400);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var by = new Functions.Access.AdminPrincipal("00000000-0000-0000-0000-0000000000aa", null, [], IsPlatformAdmin: true);
        var service = app.Get<DeadLetterService>();
        var message = Message(fundId);
        await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);
        var first = Assert.Single(await service.ListAsync(fundId, CancellationToken.None));

        await service.ResendAsync(fundId, first.Id, by, CancellationToken.None);
        var back = Assert.Single(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));
        await app.Get<NotificationFunctions>().SendNotification(Text(back), CancellationToken.None);

        var reopened = Assert.Single(await service.ListAsync(fundId, CancellationToken.None));
        Assert.Equal(DeadLetterStatus.Open, reopened.Status);
        Assert.Equal(2, reopened.Generation);
        var alerts = new List<string>();
        await foreach (var blob in app.Storage.Container(BlobContainerNames.MailOutbox).GetBlobsAsync(
            Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, fundId + "/", CancellationToken.None))
        {
            alerts.Add(blob.Name);
        }

        Assert.Equal(2, alerts.Count(name => name.Contains(NotificationTemplates.FailedMessageAlert, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task A_rejected_API_key_is_a_configuration_outage_retried_not_a_refusal_of_the_message(int status)
    {
        using var sendGrid = FakeSendGrid(status);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);

        await Assert.ThrowsAsync<RetryLaterException>(() => app.Get<NotificationFunctions>().SendNotification(Text(Message(fundId)), CancellationToken.None));
        Assert.Empty(await app.Get<DeadLetterService>().ListAsync(fundId, CancellationToken.None));
    }
}
