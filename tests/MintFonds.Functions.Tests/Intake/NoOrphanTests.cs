using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using MintFonds.Core.Json;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Access;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Performance;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Intake;

/// <summary>
/// No blob exists without the row that names it, after contended runs with lost answers: a receipt PDF is written only
/// after its number is committed and only to the name its row holds (and every issued receipt has its PDF once
/// published); pledges store no blob at all (the GiroCode is drawn when the e-mail is composed); nothing writes
/// attachments yet. A test, not a timer: a timer would have to scan every container.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class NoOrphanTests(SharedFixture shared)
{
    private static readonly AdminPrincipal Office = new("00000000-0000-0000-0000-0000000000ac", null, [], IsPlatformAdmin: true);

    [Fact]
    public async Task Every_receipt_pdf_is_named_by_its_receipt_row_after_racing_jobs_with_lost_answers()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await Funds.CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null));
        await SubmitAsync(app, fundId, Pledge(name: "Sammel GmbH", email: "sammel@firma.example", schedule: "oneOff", years: null, receiptPreference: "collectiveYearly"));
        var payments = app.Get<PaymentService>();
        for (var i = 0; i < 10; i++)
        {
            await payments.RecordAsync(fundId, PaymentInput(10m + i, $"BANK-{i}-{Guid.NewGuid()}", "MRF-P-2026-0001-1"), Office, CancellationToken.None);
        }

        for (var i = 0; i < 3; i++)
        {
            await payments.RecordAsync(fundId, PaymentInput(100m + i, $"BANK-S{i}-{Guid.NewGuid()}", "MRF-P-2026-0002-1"), Office, CancellationToken.None);
        }

        // Every job runs twice at once (a redelivery racing the first run), and some PDF uploads lose their answer.
        for (var i = 0; i < 3; i++)
        {
            measured.Hooks.LoseAnswer(m => IsUploadTo(m, BlobContainerNames.Receipts));
        }

        var jobs = await TakeReceiptJobsAsync(fundId);
        Assert.Equal(10, jobs.Count);
        await Task.WhenAll(jobs.Concat(jobs).Select(job => app.Get<ReceiptFunctions>().IssueReceipt(job, CancellationToken.None)));
        await app.Get<ReceiptService>().IssueCollectiveAsync(fundId, 2026, CancellationToken.None);
        var service = app.Get<ReceiptService>();
        var first = (await service.ListAsync(fundId, 2026, CancellationToken.None)).OrderBy(r => r.Number, StringComparer.Ordinal).First();
        await service.CancelAndReplaceAsync(fundId, first.Number, "Betrag falsch", Office, CancellationToken.None);

        // Each receipt names its kept copy and, when it went to the donor, its write-protected sent copy.
        var receipts = await service.ListAsync(fundId, 2026, CancellationToken.None);
        Assert.Equal(12, receipts.Count);
        var named = receipts.SelectMany(r => r.SignatureRequired ? [r.BlobName] : new[] { r.BlobName, r.SentBlobName }).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(named, await BlobsAsync(app, BlobContainerNames.Receipts, fundId));
        Assert.Empty(await BlobsAsync(app, BlobContainerNames.Attachments, fundId));
        Assert.Empty(await BlobsAsync(app, BlobContainerNames.Reports, fundId));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task Contended_pledges_with_lost_answers_leave_no_blob_behind()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await Funds.CallTests.NewFund(app);
        for (var i = 0; i < 4; i++)
        {
            measured.Hooks.LoseAnswer(m => StorageHooks.IsTransactionWriting(m, "pledge-"));
        }

        var responses = await IntakeCostTests.ConcurrentlyAsync(24, 16, i => SubmitAsync(app, fundId, Pledge(name: $"Firma {i}", email: $"f{i}@firma.example"), Guid.NewGuid().ToString()));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        Assert.Equal(24, responses.Select(r => r.Json.GetProperty("reference").GetString()).Distinct().Count());
        foreach (var container in BlobContainerNames.All)
        {
            Assert.Empty(await BlobsAsync(app, container, fundId));
        }

        Assert.Equal(24, (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId)).Count);
    }

    private static bool IsUploadTo(HttpMessage message, string container) =>
        message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.Contains($"/{container}/", StringComparison.Ordinal);

    private static async Task<List<string>> BlobsAsync(TestApp app, string container, string fundId)
    {
        var names = new List<string>();
        await foreach (var blob in app.Storage.Container(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, fundId + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> TakeReceiptJobsAsync(string fundId)
    {
        var queue = new QueueClient(shared.Azurite.ConnectionString, QueueNames.Receipts);
        var jobs = new List<string>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(5))).Value;
            if (batch.Length == 0)
            {
                return jobs;
            }

            foreach (var message in batch)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                if (JsonSerializer.Deserialize<ReceiptJob>(text, MintFondsJson.Storage)?.FundId == fundId)
                {
                    jobs.Add(text);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }
    }
}
