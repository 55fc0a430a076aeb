using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// Status tokens are only ever stored as hashes: the applicant's e-mail is the only place a token exists. Before the
/// fix the token was in the office's e-mail, in the outbox row and queue message, in dead letters, and sealed on the
/// replay marker, where a byte-identical post from anyone could unseal it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StatusTokenStorageTests(SharedFixture shared)
{
    [Fact]
    public async Task The_token_is_in_the_applicants_email_and_nowhere_else()
    {
        var logs = new CapturedLogs();
        await using var app = await TestApp.StartAsync(
            shared, settings => settings["Logging:LogLevel:Default"] = "Trace", now: Now, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var fundId = await FundWithOpenCallAsync(app);
        var submitted = await SubmitAsync(app, fundId, TestData.Application(Start), idempotencyKey: "formular-1");
        var reference = submitted.Json.GetProperty("reference").GetString()!;

        var jobs = await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
        foreach (var job in jobs)
        {
            await app.Get<NotificationFunctions>().SendNotification(JsonSerializer.Serialize(job, MintFondsJson.Storage), CancellationToken.None);
        }

        var token = Assert.Single(await TokensInOutboxAsync(app, fundId, reference));
        var replayed = await SubmitAsync(app, fundId, TestData.Application(Start), idempotencyKey: "formular-1");
        var office = await Notifications.SendNotificationTests.OutboxMail(app, fundId, NotificationTemplates.ApplicationNewForOffice);

        Assert.Equal(201, replayed.Status);
        Assert.DoesNotContain(token, submitted.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, replayed.Body, StringComparison.Ordinal);
        Assert.All(jobs, job => Assert.DoesNotContain(token, JsonSerializer.Serialize(job, MintFondsJson.Storage), StringComparison.Ordinal));
        Assert.DoesNotContain(token, office.TextBody + office.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("#" + fundId + "/", office.TextBody + office.HtmlBody, StringComparison.Ordinal);
        foreach (var row in await RowsAsync(app, fundId))
        {
            foreach (var (_, value) in row)
            {
                Assert.DoesNotContain(token, value?.ToString() ?? string.Empty, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.Equal(200, (await StatusAsync(app, fundId, reference, token)).Status);
    }

    [Fact]
    public async Task A_byte_identical_post_from_another_client_learns_the_reference_but_not_the_token()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var first = await SubmitAsync(app, fundId, TestData.Application(Start));
        var reference = first.Json.GetProperty("reference").GetString()!;
        var token = await TokenFromEmailAsync(app, fundId, reference);

        var copy = await SubmitAsync(app, fundId, TestData.Application(Start));

        Assert.Equal(200, copy.Status);
        Assert.Equal(reference, copy.Json.GetProperty("reference").GetString());
        Assert.DoesNotContain(token, copy.Body, StringComparison.Ordinal);
        Assert.Contains("E-Mail", copy.Json.GetProperty("statusLinkNote").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(
            (await RowsAsync(app, fundId)).Where(r => r.RowKey.StartsWith("dup-", StringComparison.Ordinal) || r.RowKey.StartsWith("idem-", StringComparison.Ordinal)),
            marker => marker.Keys.Any(k => k.Contains("Token", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_dead_lettered_confirmation_keeps_no_token_and_its_resend_brings_a_fresh_one_that_replaces_the_old()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        var jobs = await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
        var confirmation = JsonSerializer.Serialize(jobs.Single(j => j.StatusLinkFor == reference), MintFondsJson.Storage);

        // The first delivery went out, then (say) a bounce made the office treat it as failed: it lands on the poison queue.
        await app.Get<NotificationFunctions>().SendNotification(confirmation, CancellationToken.None);
        var oldToken = Assert.Single(await TokensInOutboxAsync(app, fundId, reference));
        await app.Get<NotificationFunctions>().RecordFailedNotification(confirmation, CancellationToken.None);
        var deadLetter = Assert.Single(
            await app.Get<DeadLetterService>().ListAsync(fundId, CancellationToken.None), d => d.Template == NotificationTemplates.ApplicationReceived);
        Assert.DoesNotContain(oldToken, JsonSerializer.Serialize(deadLetter, MintFondsJson.Storage), StringComparison.Ordinal);
        await foreach (var row in app.Storage.Table(TableNames.DeadLetters).QueryAsync<TableEntity>(e => e.PartitionKey == fundId))
        {
            Assert.All(row.Select(p => p.Value), value => Assert.DoesNotContain(oldToken, value?.ToString() ?? string.Empty, StringComparison.Ordinal));
        }

        var resend = await app.CallAsync<DeadLetterAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/dead-letters/{deadLetter.Id}/resend",
            (f, r) => f.ResendDeadLetter(r, fundId, deadLetter.Id, CancellationToken.None), token: app.PlatformAdminToken);
        Assert.Equal(200, resend.Status);
        await SendConfirmationsAsync(app, fundId);

        var tokens = await TokensInOutboxAsync(app, fundId, reference);
        Assert.Equal(2, tokens.Count);
        var newToken = tokens.Single(t => t != oldToken);
        Assert.Equal(404, (await StatusAsync(app, fundId, reference, oldToken)).Status);
        Assert.Equal(200, (await StatusAsync(app, fundId, reference, newToken)).Status);
    }
}
