using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using MimeKit;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Applications;

/// <summary>Shared steps of the application tests: a fund with an open rolling call, and the three applicant calls.</summary>
public static class ApplicationTestKit
{
    /// <summary>10:00 in Bingen, 26 November 2026.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A project start that respects the 28-day lead time from <see cref="Now"/>.</summary>
    public static readonly DateOnly Start = new(2027, 1, 15);

    public static async Task<string> FundWithOpenCallAsync(TestApp app, Action<Dictionary<string, object?>>? adjustCall = null)
    {
        var fundId = await CallTests.NewFund(app);
        var call = TestData.Call("laufend", new DateOnly(2026, 1, 1));
        adjustCall?.Invoke(call);
        var created = await CallTests.CreateCall(app, fundId, call);
        Assert.Equal(201, created.Status);
        return fundId;
    }

    /// <summary>Posts as the web form does: with a challenge fetched a minute ago (see <see cref="TestApp.FormHeadersAsync"/>).</summary>
    public static async Task<TestResponse> SubmitAsync(TestApp app, string fundId, object application, string? idempotencyKey = null, string callId = "laufend") =>
        await app.CallAsync<ApplicationFunctions>(
            "POST",
            $"/api/funds/{fundId}/calls/{callId}/applications",
            (f, r) => f.SubmitApplication(r, fundId, callId, CancellationToken.None),
            application,
            headers: await app.FormHeadersAsync(
                fundId, extra: idempotencyKey is null ? null : new Dictionary<string, string> { [ApplicationFunctions.IdempotencyHeader] = idempotencyKey }));

    public static Task<TestResponse> StatusAsync(TestApp app, string fundId, string reference, string? token) =>
        app.CallAsync<ApplicationFunctions>(
            "GET",
            $"/api/funds/{fundId}/applications/{reference}/status",
            (f, r) => f.GetApplicationStatus(r, fundId, reference, CancellationToken.None),
            headers: token is null ? null : new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = token });

    public static Task<TestResponse> WithdrawAsync(TestApp app, string fundId, string reference, string? token) =>
        app.CallAsync<ApplicationFunctions>(
            "POST",
            $"/api/funds/{fundId}/applications/{reference}/withdraw",
            (f, r) => f.WithdrawApplication(r, fundId, reference, CancellationToken.None),
            headers: token is null ? null : new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = token });

    /// <summary>Every row of the fund's partition in the Applications table, by row key.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TestApp app, string fundId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(TableNames.Applications).QueryAsync<TableEntity>(e => e.PartitionKey == fundId))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The applicant's status token, found where it exists: in their e-mail. Sends the fund's waiting confirmation jobs
    /// through SendNotification into the local outbox (no SendGrid key), then reads the newest confirmation .eml that
    /// links to <paramref name="reference"/>.
    /// </summary>
    public static async Task<string> TokenFromEmailAsync(TestApp app, string fundId, string reference)
    {
        await SendConfirmationsAsync(app, fundId);
        var tokens = await TokensInOutboxAsync(app, fundId, reference);
        return tokens.Count > 0 ? tokens[^1] : throw new Xunit.Sdk.XunitException($"No e-mail with a status link for {reference} in the outbox.");
    }

    /// <summary>Takes the fund's notification jobs off the queue and sends those that carry a status link (others are dropped).</summary>
    public static async Task SendConfirmationsAsync(TestApp app, string fundId)
    {
        foreach (var job in await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId))
        {
            if (job.StatusLinkFor is not null)
            {
                await app.Get<NotificationFunctions>().SendNotification(JsonSerializer.Serialize(job, MintFondsJson.Storage), CancellationToken.None);
            }
        }
    }

    /// <summary>Every status token e-mailed for <paramref name="reference"/>, oldest first.</summary>
    public static async Task<List<string>> TokensInOutboxAsync(TestApp app, string fundId, string reference)
    {
        var container = app.Storage.Container(BlobContainerNames.MailOutbox);
        var found = new List<(DateTimeOffset At, string Token)>();
        var link = new Regex($"#{Regex.Escape(fundId)}/{Regex.Escape(reference)}/([A-Za-z0-9_-]+)");
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, fundId + "/", CancellationToken.None))
        {
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync();
            var mail = await MimeMessage.LoadAsync(content.Value.Content.ToStream());
            if (link.Match(mail.TextBody ?? string.Empty) is { Success: true } match)
            {
                found.Add((blob.Properties.CreatedOn ?? DateTimeOffset.MinValue, match.Groups[1].Value));
            }
        }

        return [.. found.OrderBy(f => f.At).Select(f => f.Token)];
    }
}
