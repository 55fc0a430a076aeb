using System.Text.Json;
using MimeKit;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Notifications.NotificationTestKit;

namespace MintFonds.Functions.Tests.Notifications;

[Collection(AppCollection.Name)]
public sealed class SendNotificationTests(SharedFixture shared)
{
    [Fact]
    public async Task The_real_SendGrid_client_sends_sender_recipient_both_parts_and_attachments()
    {
        using var sendGrid = FakeSendGrid();
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var pdf = "%PDF-1.7 Zuwendungsbestätigung"u8.ToArray();
        await app.Storage.Container(BlobContainerNames.Receipts).UploadBlobAsync($"{fundId}/2026/1.pdf", new BinaryData(pdf));
        var message = Message(fundId, attachments: [new BlobAttachment(BlobContainerNames.Receipts, $"{fundId}/2026/1.pdf", "Zuwendungsbestätigung 2026-0001.pdf", "application/pdf")]);

        await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);

        var request = Assert.Single(sendGrid.LogEntries).RequestMessage;
        Assert.Equal("Bearer " + ApiKey, request.Headers!["Authorization"].Single());
        using var body = JsonDocument.Parse(request.Body!);
        var root = body.RootElement;
        Assert.Equal("fonds@th-bingen.example", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("MINT-Fonds", root.GetProperty("from").GetProperty("name").GetString());
        var to = root.GetProperty("personalizations")[0].GetProperty("to")[0];
        Assert.Equal("lehrkraft@gs-am-rhein.example", to.GetProperty("email").GetString());
        // The client puts the subject on the message or on its personalization; SendGrid accepts both.
        var subject = root.TryGetProperty("subject", out var top) ? top : root.GetProperty("personalizations")[0].GetProperty("subject");
        Assert.Contains("MRF-2026-0042", subject.GetString(), StringComparison.Ordinal);
        var content = root.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text/plain", "text/html"], content.Select(c => c.GetProperty("type").GetString()));
        Assert.Contains("Forscherkiste „Wasser & Strom“", content[0].GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Contains("Forscherkiste „Wasser &amp; Strom“", content[1].GetProperty("value").GetString(), StringComparison.Ordinal);
        var attachment = root.GetProperty("attachments")[0];
        Assert.Equal("Zuwendungsbestätigung 2026-0001.pdf", attachment.GetProperty("filename").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("type").GetString());
        Assert.Equal(pdf, Convert.FromBase64String(attachment.GetProperty("content").GetString()!));
        var customArgs = root.TryGetProperty("custom_args", out var args) ? args : root.GetProperty("personalizations")[0].GetProperty("custom_args");
        Assert.Equal(message.MessageKey, customArgs.GetProperty("idempotency_key").GetString());

        var ledger = await app.Get<DeliveryLedger>().GetAsync(message.MessageKey, CancellationToken.None);
        Assert.Equal("Sent", ledger!.GetString("State"));
        Assert.Equal("sendgrid", ledger.GetString("Transport"));
    }

    [Fact]
    public async Task A_message_delivered_twice_and_concurrently_is_sent_once()
    {
        using var sendGrid = FakeSendGrid();
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var text = Text(Message(fundId));
        var function = app.Get<NotificationFunctions>();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await function.SendNotification(text, CancellationToken.None);
                return "done";
            }
            catch (RetryLaterException)
            {
                return "retry";
            }
        }));
        await function.SendNotification(text, CancellationToken.None);

        Assert.Equal(1, SendCalls(sendGrid));
        Assert.Contains("done", attempts);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_by_the_queue_and_then_sent_once()
    {
        using var sendGrid = FakeSendGrid(429, 202);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var text = Text(Message(fundId));
        var function = app.Get<NotificationFunctions>();

        await Assert.ThrowsAsync<RetryLaterException>(() => function.SendNotification(text, CancellationToken.None));
        await function.SendNotification(text, CancellationToken.None);
        await function.SendNotification(text, CancellationToken.None);

        Assert.Equal(2, SendCalls(sendGrid));
        Assert.Empty(await app.Get<DeadLetterService>().ListAsync(fundId, CancellationToken.None));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Provider_errors_make_the_function_throw_so_the_queue_retries(int status)
    {
        using var sendGrid = FakeSendGrid(status);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);

        await Assert.ThrowsAsync<RetryLaterException>(() => app.Get<NotificationFunctions>().SendNotification(Text(Message(fundId)), CancellationToken.None));
    }

    [Fact]
    public async Task A_permanent_refusal_is_recorded_not_retried_and_the_office_is_alerted()
    {
        using var sendGrid = FakeSendGrid(400);
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var message = Message(fundId, to: "gibt-es-nicht@invalid.example");

        await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);
        await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);

        var deadLetter = Assert.Single(await app.Get<DeadLetterService>().ListAsync(fundId, CancellationToken.None));
        Assert.Equal(DeadLetterKind.Refused, deadLetter.Kind);
        Assert.Contains("400", deadLetter.Reason, StringComparison.Ordinal);
        Assert.Equal("Failed", (await app.Get<DeliveryLedger>().GetAsync(message.MessageKey, CancellationToken.None))!.GetString("State"));

        // One refused send, then the alert: SendGrid refuses it too (this fake refuses everything), so it goes to the outbox.
        Assert.Equal(2, SendCalls(sendGrid));
        var alert = await OutboxMail(app, fundId, NotificationTemplates.FailedMessageAlert);
        Assert.Equal("fonds@th-bingen.example", alert.To.Mailboxes.Single().Address);
        Assert.DoesNotContain("gibt-es-nicht@invalid.example", alert.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_API_key_the_whole_message_lands_in_the_outbox_as_an_eml_file()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await FundAsync(app);
        var pdf = "%PDF-1.7 Bericht"u8.ToArray();
        await app.Storage.Container(BlobContainerNames.Reports).UploadBlobAsync($"{fundId}/q4.pdf", new BinaryData(pdf));
        var message = Message(fundId, attachments: [new BlobAttachment(BlobContainerNames.Reports, $"{fundId}/q4.pdf", "Bericht Q4 2026.pdf", "application/pdf")]);

        await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);
        await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);

        var eml = await OutboxMail(app, fundId, NotificationTemplates.ApplicationReceived);
        Assert.Contains("MRF-2026-0042", eml.Subject, StringComparison.Ordinal);
        Assert.Equal("fonds@th-bingen.example", eml.From.Mailboxes.Single().Address);
        Assert.Equal("lehrkraft@gs-am-rhein.example", eml.To.Mailboxes.Single().Address);
        Assert.Contains("Forscherkiste „Wasser & Strom“", eml.TextBody, StringComparison.Ordinal);
        Assert.Contains("Forscherkiste „Wasser &amp; Strom“", eml.HtmlBody, StringComparison.Ordinal);
        var attachment = Assert.Single(eml.Attachments.OfType<MimePart>());
        Assert.Equal("Bericht Q4 2026.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Equal(pdf, bytes.ToArray());
        Assert.Equal(message.MessageKey, eml.Headers["X-MintFonds-Message-Key"]);
    }

    [Fact]
    public async Task A_project_title_with_a_script_tag_arrives_escaped()
    {
        using var sendGrid = FakeSendGrid();
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);

        await app.Get<NotificationFunctions>().SendNotification(Text(Message(fundId, title: "<script>alert('x')</script> Roboter")), CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(sendGrid.LogEntries).RequestMessage.Body!);
        var html = body.RootElement.GetProperty("content")[1].GetProperty("value").GetString()!;
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedMessages => new()
    {
        { "kein JSON", "kein gültiges JSON" },
        { """{"schemaVersion": 99, "messageKey": "x"}""", "Schema-Version" },
        { """{"messageKey": "x"}""", "Schema-Version" },
        { """{"schemaVersion": 1, "messageKey": "k", "template": "gibt-es-nicht", "fundId": "FUND", "to": [{"email": "a@b.de"}], "data": {}}""", "unbekannte Vorlage" },
        { """{"schemaVersion": 1, "messageKey": "k", "template": "application-received", "fundId": "FUND", "to": [], "data": {}}""", "kein Empfänger" },
        { """{"schemaVersion": 1, "messageKey": "k", "template": "application-received", "fundId": "FUND", "to": [{"email": "kein-at"}], "data": {}}""", "keine gültige E-Mail" },
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public async Task A_malformed_message_is_dead_lettered_at_once_with_the_reason(string template, string reason)
    {
        using var sendGrid = FakeSendGrid();
        await using var app = await TestApp.StartAsync(shared, UseSendGrid(sendGrid));
        var fundId = await FundAsync(app);
        var text = template.Replace("FUND", fundId, StringComparison.Ordinal);

        await app.Get<NotificationFunctions>().SendNotification(text, CancellationToken.None);

        // Nothing of the message itself is sent; at most the office's alert about it.
        Assert.All(sendGrid.LogEntries, e => Assert.Contains(NotificationTemplates.FailedMessageAlert, e.RequestMessage.Body, StringComparison.Ordinal));
        var table = app.Get<DeadLetterTable>();
        var partition = text.Contains(fundId, StringComparison.Ordinal) ? fundId : DeadLetterTable.UnknownFund;
        var recorded = await table.GetAsync(partition, DeadLetterTable.IdFor(QueueNames.Notifications, text), CancellationToken.None);
        Assert.NotNull(recorded);
        Assert.Equal(DeadLetterKind.Malformed, recorded!.Value.Kind);
        Assert.Contains(reason, recorded.Value.Reason, StringComparison.Ordinal);
    }

    internal static async Task<MimeMessage> OutboxMail(TestApp app, string fundId, string template)
    {
        var container = app.Storage.Container(BlobContainerNames.MailOutbox);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, fundId + "/", CancellationToken.None))
        {
            if (Path.GetFileName(blob.Name).StartsWith(template + "-", StringComparison.Ordinal))
            {
                var content = await container.GetBlobClient(blob.Name).DownloadContentAsync();
                return await MimeMessage.LoadAsync(content.Value.Content.ToStream());
            }
        }

        throw new Xunit.Sdk.XunitException($"No {template} e-mail for {fundId} in the outbox.");
    }
}
