using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Abuse.AbuseTestKit;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// Sub-point 3: at most a few confirmation e-mails per address and day. Beyond that the submission is accepted and the
/// office told, but the confirmation is not sent, and the answer says so.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConfirmationQuotaTests(SharedFixture shared)
{
    [Fact]
    public async Task Beyond_the_daily_confirmations_an_application_is_accepted_the_office_told_and_the_applicant_not_mailed()
    {
        await using var app = await StartAsync(shared, hour: 40, ("ConfirmationEmailsPerAddressPerDay", "2"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var answers = new List<TestResponse>();
        foreach (var (n, email) in new[] { (1, "Leitung@Kita-Quota.example"), (2, "leitung@kita-quota.example "), (3, "LEITUNG@kita-quota.example") })
        {
            answers.Add(await SubmitAsync(app, fundId, Application(n, email)));
        }

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Equal(["queued", "queued", "withheld"], answers.Select(a => a.Json.GetProperty("confirmationEmail").GetString()));
        Assert.Equal(SubmissionReceipt.LinkSentByEmail, answers[0].Json.GetProperty("statusLinkNote").GetString());
        Assert.Equal(SubmissionReceipt.LinkWithheld, answers[2].Json.GetProperty("statusLinkNote").GetString());
        Assert.Equal(3, (await ApplicationTestKit.RowsAsync(app, fundId)).Count(r => r.RowKey.StartsWith("app-", StringComparison.Ordinal)));

        // Every job goes through the sender, as the queue trigger would run them: three office e-mails, two confirmations.
        var jobs = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(6, jobs.Count);
        foreach (var job in jobs)
        {
            await app.Get<NotificationFunctions>().SendNotification(JsonSerializer.Serialize(job, MintFondsJson.Storage), CancellationToken.None);
        }

        var sent = await OutboxAsync(app, fundId);
        Assert.Equal(3, sent.Count(m => m.Template == NotificationTemplates.ApplicationNewForOffice));
        var confirmed = sent.Where(m => m.Template == NotificationTemplates.ApplicationReceived).Select(m => m.Reference).Order(StringComparer.Ordinal);
        Assert.Equal(answers.Take(2).Select(a => a.Json.GetProperty("reference").GetString()).Order(StringComparer.Ordinal), confirmed);

        // Sending again changes nothing; the next day (Europe/Berlin) the address has its confirmations again.
        foreach (var job in jobs)
        {
            await app.Get<NotificationFunctions>().SendNotification(JsonSerializer.Serialize(job, MintFondsJson.Storage), CancellationToken.None);
        }

        Assert.Equal(sent.Count, (await OutboxAsync(app, fundId)).Count);
        app.Time.Advance(TimeSpan.FromDays(1));
        var nextDay = await SubmitAsync(app, fundId, Application(4, "leitung@kita-quota.example"));
        Assert.Equal("queued", nextDay.Json.GetProperty("confirmationEmail").GetString());
        await AssertNowhereStoredAsync(app, TableNames.Counters, "kita-quota");
    }

    [Fact]
    public async Task Pledges_share_the_quota_and_a_replayed_answer_repeats_the_decision()
    {
        await using var app = await StartAsync(shared, hour: 41, ("ConfirmationEmailsPerAddressPerDay", "1"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var application = await SubmitAsync(app, fundId, Application(1, "kasse@verein-quota.example"));
        var pledgeHeaders = await app.FormHeadersAsync(fundId, extra: new Dictionary<string, string> { ["Idempotency-Key"] = "zusage-1" });
        var pledge = await PledgeAsync(app, fundId, Pledge("kasse@verein-quota.example"), headers: pledgeHeaders);
        var replay = await PledgeAsync(app, fundId, Pledge("kasse@verein-quota.example"), headers: pledgeHeaders);

        Assert.Equal("queued", application.Json.GetProperty("confirmationEmail").GetString());
        Assert.Equal(201, pledge.Status);
        Assert.Equal("withheld", pledge.Json.GetProperty("confirmationEmail").GetString());
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal("withheld", replay.Json.GetProperty("confirmationEmail").GetString());

        var jobs = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        foreach (var job in jobs)
        {
            await app.Get<NotificationFunctions>().SendNotification(JsonSerializer.Serialize(job, MintFondsJson.Storage), CancellationToken.None);
        }

        Assert.DoesNotContain(await OutboxAsync(app, fundId), m => m.Template == NotificationTemplates.PledgeReceived);
    }

    [Fact]
    public async Task The_decision_is_made_once_per_message_whoever_asks_first()
    {
        await using var app = await StartAsync(shared, hour: 42, ("ConfirmationEmailsPerAddressPerDay", "2"));
        var quota = app.Get<ConfirmationQuota>();

        // The sender may decide before the HTTP answer does (the relay sends right after the commit): both agree, and
        // asking again for a granted message neither counts it twice nor takes it back.
        var a = await quota.DecideAsync("application-received:f:MRF-2026-0001", "eine@quota.example", CancellationToken.None);
        var aAgain = await quota.DecideAsync("application-received:f:MRF-2026-0001", "EINE@quota.example", CancellationToken.None);
        var b = await quota.DecideAsync("application-received:f:MRF-2026-0002", "eine@quota.example", CancellationToken.None);
        var c = await quota.DecideAsync("application-received:f:MRF-2026-0003", "eine@quota.example", CancellationToken.None);
        var aLater = await quota.DecideAsync("application-received:f:MRF-2026-0001", "eine@quota.example", CancellationToken.None);
        var cAgain = await quota.PeekAsync("application-received:f:MRF-2026-0003", "eine@quota.example", CancellationToken.None);

        Assert.Equal([ConfirmationEmail.Queued, ConfirmationEmail.Queued, ConfirmationEmail.Queued, ConfirmationEmail.Withheld, ConfirmationEmail.Queued, ConfirmationEmail.Withheld], new[] { a, aAgain, b, c, aLater, cAgain });

        // A send retried after midnight still finds yesterday's decision.
        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(ConfirmationEmail.Queued, await quota.PeekAsync("application-received:f:MRF-2026-0002", "eine@quota.example", CancellationToken.None));
    }

    [Fact]
    public async Task Submissions_naming_one_address_in_one_instance_queue_for_its_row_instead_of_racing_for_it()
    {
        // A school office sending many forms at once from one address: every submission is counted exactly once, and
        // none of them loses an ETag race to a sibling in the same instance (a lost race costs a read and a retry, and
        // enough of them a 503; CI once saw one among 490 such submissions before the lock).
        await using var measured = await MeasuredApp.StartAsync(shared, ApplicationTestKit.Now);
        var quota = measured.App.Get<ConfirmationQuota>();

        var counts = await measured.CountWithLimitsAsync(async () =>
        {
            var tickets = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => quota.TakeSubmissionAsync("sekretariat@viele-formulare.example", "contact.email", CancellationToken.None))));
            Assert.Equal(Enumerable.Range(1, 64).Select(i => (long)i), tickets.Select(t => t!.Row.GetInt64("HourCount")!.Value).Order());
        });

        Assert.Equal(0, counts.Operations.Where(o => o.Operation == "table Counters merge").Sum(o => o.Failed));
        Assert.Equal(63, counts.Operations.Single(o => o.Operation == "table Counters merge").Requests);
    }

    private sealed record SentMail(string Template, string Reference);

    /// <summary>The e-mails in the local outbox for the fund, by template and the reference their message key names.</summary>
    private static async Task<List<SentMail>> OutboxAsync(TestApp app, string fundId)
    {
        var container = app.Storage.Container(BlobContainerNames.MailOutbox);
        var mails = new List<SentMail>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, fundId + "/", CancellationToken.None))
        {
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync();
            var mail = await MimeKit.MimeMessage.LoadAsync(content.Value.Content.ToStream());
            mails.Add(new SentMail(mail.Headers["X-MintFonds-Template"]!, mail.Headers["X-MintFonds-Message-Key"]!.Split(':')[2]));
        }

        return mails;
    }
}
