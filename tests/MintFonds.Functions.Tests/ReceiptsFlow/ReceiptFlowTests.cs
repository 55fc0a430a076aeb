using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Core.Payments;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Access;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using UglyToad.PdfPig;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.ReceiptsFlow;

/// <summary>From a matched donation to a numbered, written-once receipt PDF and the e-mail that carries it.</summary>
[Collection(AppCollection.Name)]
public sealed class ReceiptFlowTests(SharedFixture shared)
{
    private static readonly AdminPrincipal Office = new("00000000-0000-0000-0000-0000000000aa", null, [], IsPlatformAdmin: true);

    [Fact]
    public async Task A_donation_gets_a_one_page_receipt_written_once_and_one_e_mail_even_when_the_job_runs_twice()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(amount: 1250m));
        await RecordPaymentAsync(app, fundId, 1250.00m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1");
        var job = Assert.Single(await TakeJobsAsync(fundId));

        await app.Get<ReceiptFunctions>().IssueReceipt(job, CancellationToken.None);
        await app.Get<ReceiptFunctions>().IssueReceipt(job, CancellationToken.None);

        var receipt = Assert.Single(await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
        Assert.Equal("2026-0001", receipt.Number);
        Assert.Equal(1250m, receipt.Total.ToDecimal());
        var pdf = await DownloadAsync(app, receipt.BlobName);
        using (var document = PdfDocument.Open(pdf))
        {
            Assert.Equal(1, document.NumberOfPages);
            var text = Words(document);
            Assert.Contains("Bestätigung über Geldzuwendungen", text, StringComparison.Ordinal);
            Assert.Contains("Rheinhessische Maschinenbau GmbH", text, StringComparison.Ordinal);
            Assert.Contains("1.250,00", text, StringComparison.Ordinal);
            Assert.Contains("eintausendzweihundertfünfzig Euro", text, StringComparison.Ordinal);
            Assert.Contains("25.11.2026", text, StringComparison.Ordinal);
            Assert.Contains("Verzicht auf Erstattung von Aufwendungen", text, StringComparison.Ordinal);
            Assert.Contains("haftet für die entgangene Steuer", text, StringComparison.Ordinal);
        }

        // The storage call itself refuses a second write of the kept copy.
        var rewrite = await Assert.ThrowsAsync<RequestFailedException>(() => app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(receipt.BlobName)
            .UploadAsync(new BinaryData("x"u8.ToArray()), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }));
        Assert.Equal(409, rewrite.Status);

        // Both runs queued the same e-mail; the sender delivers it once, with the PDF attached.
        var mails = (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId))
            .Where(m => m.Template == NotificationTemplates.PaymentReceived).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Single(mails.Select(m => m.MessageKey).Distinct());
        foreach (var mail in mails)
        {
            await app.Get<NotificationFunctions>().SendNotification(JsonSerializer.Serialize(mail, MintFondsJson.Storage), CancellationToken.None);
        }

        var eml = await Notifications.SendNotificationTests.OutboxMail(app, fundId, NotificationTemplates.PaymentReceived);
        Assert.Equal("Zuwendungsbestätigung 2026-0001.pdf", Assert.Single(eml.Attachments).ContentDisposition!.FileName);
        Assert.Equal(1, await CountOutboxAsync(app, fundId, NotificationTemplates.PaymentReceived));
    }

    [Fact]
    public async Task Thirty_concurrent_receipt_jobs_get_numbers_one_to_thirty_without_gap_or_repeat()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null));
        for (var i = 0; i < 30; i++)
        {
            await app.Get<PaymentService>().RecordAsync(fundId, PaymentInput(10m + i, $"BANK-{i}-{Guid.NewGuid()}", "MRF-P-2026-0001-1"), Office, CancellationToken.None);
        }

        var jobs = await TakeJobsAsync(fundId);
        Assert.Equal(30, jobs.Count);
        await Task.WhenAll(jobs.Select(job => app.Get<ReceiptFunctions>().IssueReceipt(job, CancellationToken.None)));

        var numbers = (await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None)).Select(r => r.Number).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"2026-{i:D4}"), numbers);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_collective_and_a_single_receipt_racing_for_one_payment_let_exactly_one_win()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null, receiptPreference: "collectiveYearly"));
        var (payment, _) = await app.Get<PaymentService>().RecordAsync(fundId, PaymentInput(500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1"), Office, CancellationToken.None);
        var issuer = app.Get<ReceiptIssuer>();

        for (var round = 0; round < 5; round++)
        {
            var racers = await Task.WhenAll(
                issuer.IssueAsync(fundId, 2026 + round, ReceiptKind.Donation, payment.Match!.SponsorId, [payment], null, CancellationToken.None),
                issuer.IssueAsync(fundId, 2026 + round, ReceiptKind.CollectiveDonation, payment.Match.SponsorId, [payment], (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), CancellationToken.None),
                issuer.IssueAsync(fundId, 2026 + round, ReceiptKind.CollectiveDonation, payment.Match.SponsorId, [payment], (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), CancellationToken.None));

            // Every racer answers with the one receipt that covers the payment; only one was written.
            Assert.Single(racers.Select(r => r!.Number).Distinct());
            Assert.Single(await app.Get<ReceiptService>().ListAsync(fundId, 2026 + round, CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_collective_receipt_covers_every_open_donation_of_the_year_once()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null, receiptPreference: "collectiveYearly"));
        foreach (var (amount, day) in new[] { (100.00m, "2026-11-01"), (250.50m, "2026-11-10"), (49.50m, "2026-11-20") })
        {
            await RecordPaymentAsync(app, fundId, amount, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1", day);
        }

        Assert.Empty(await TakeJobsAsync(fundId));
        var first = await app.Get<ReceiptService>().IssueCollectiveAsync(fundId, 2026, CancellationToken.None);
        var second = await app.Get<ReceiptService>().IssueCollectiveAsync(fundId, 2026, CancellationToken.None);

        var receipt = Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal(ReceiptKind.CollectiveDonation, receipt.Kind);
        Assert.Equal(400.00m, receipt.Total.ToDecimal());
        Assert.Equal(3, receipt.PaymentIds.Count);
        var text = PdfText(await DownloadAsync(app, receipt.BlobName));
        Assert.Contains("Sammelbestätigung", text, StringComparison.Ordinal);
        Assert.Contains("keine weiteren Bestätigungen", text, StringComparison.Ordinal);
        Assert.Contains("400,00", text, StringComparison.Ordinal);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_receipt_is_resent_unchanged_and_a_wrong_one_is_cancelled_and_replaced_with_a_reference()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null));
        await RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1");
        await app.Get<ReceiptFunctions>().IssueReceipt(Assert.Single(await TakeJobsAsync(fundId)), CancellationToken.None);
        var service = app.Get<ReceiptService>();
        var original = Assert.Single(await service.ListAsync(fundId, 2026, CancellationToken.None));
        var originalPdf = await DownloadAsync(app, original.BlobName);

        var resent = await service.ResendAsync(fundId, original.Number, Office, CancellationToken.None);
        Assert.Equal(original.Number, resent.Number);
        Assert.Equal(originalPdf, await DownloadAsync(app, original.BlobName));

        var replacement = await service.CancelAndReplaceAsync(fundId, original.Number, "Name des Spenders falsch geschrieben", Office, CancellationToken.None);
        Assert.Equal("2026-0002", replacement.Number);
        Assert.Equal(original.Number, replacement.Replaces);
        Assert.Contains(original.Number, PdfText(await DownloadAsync(app, replacement.BlobName)), StringComparison.Ordinal);
        var all = await service.ListAsync(fundId, 2026, CancellationToken.None);
        var cancelled = all.Single(r => r.Number == original.Number);
        Assert.Equal(ReceiptStatus.Cancelled, cancelled.Status);
        Assert.Equal("2026-0002", cancelled.ReplacedBy);
        Assert.Equal(originalPdf, await DownloadAsync(app, original.BlobName));

        var again = await Assert.ThrowsAsync<Functions.Http.ProblemException>(() => service.CancelAndReplaceAsync(fundId, original.Number, "nochmal", Office, CancellationToken.None));
        Assert.Equal(409, again.Problem.Status);
        var audit = await app.Get<Audit.AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "receipt.cancel" && e.Reason == "Name des Spenders falsch geschrieben");
        Assert.Contains(audit, e => e.Action == "receipt.resend");
        var mails = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(3, mails.Count(m => m.Template == NotificationTemplates.PaymentReceived));
    }

    [Fact]
    public async Task A_sponsoring_payment_gets_an_invoice_with_its_own_numbers_and_VAT()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(kind: "sponsoring", schedule: "oneOff", years: null, amount: 1190m));
        await RecordPaymentAsync(app, fundId, 1190.00m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1");

        await app.Get<ReceiptFunctions>().IssueReceipt(Assert.Single(await TakeJobsAsync(fundId)), CancellationToken.None);

        var invoice = Assert.Single(await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
        Assert.Equal("S-2026-0001", invoice.Number);
        Assert.Equal(ReceiptKind.SponsoringInvoice, invoice.Kind);
        var text = PdfText(await DownloadAsync(app, invoice.BlobName));
        Assert.Contains("1.000,00", text, StringComparison.Ordinal);
        Assert.Contains("190,00", text, StringComparison.Ordinal);
        Assert.Contains("1.190,00", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Zuwendungsbestätigung", text, StringComparison.Ordinal);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_receipt_numbered_but_not_published_is_published_by_the_outbox_relay()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null, receiptPreference: "collectiveYearly"));
        var (payment, _) = await app.Get<PaymentService>().RecordAsync(fundId, PaymentInput(500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1"), Office, CancellationToken.None);

        // The process "dies" right after the number is committed: nothing is published.
        var record = await app.Get<ReceiptIssuer>().IssueAsync(
            fundId, 2026, ReceiptKind.CollectiveDonation, payment.Match!.SponsorId, [payment], (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), CancellationToken.None);
        Assert.False((await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(record!.BlobName).ExistsAsync()).Value);

        app.Time.Advance(TimeSpan.FromMinutes(10));
        await app.Get<Functions.Outbox.OutboxRelayFunctions>().RelayOutbox(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        var job = Assert.Single(await TakeJobsAsync(fundId));
        await app.Get<ReceiptFunctions>().IssueReceipt(job, CancellationToken.None);

        Assert.Contains("Sammelbestätigung", PdfText(await DownloadAsync(app, record.BlobName)), StringComparison.Ordinal);
        Assert.Single(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId), m => m.Template == NotificationTemplates.PaymentReceived);
    }

    [Theory]
    [InlineData(1000.01)]
    [InlineData(1190.00)]
    [InlineData(0.05)]
    public void A_sponsoring_invoice_adds_up_to_exactly_what_was_paid(decimal paid)
    {
        var issuer = new Core.Funds.FundOperator(
            "Technische Hochschule Bingen", new Core.Funds.PostalAddress("Berlinstraße 109", "55411", "Bingen am Rhein", "DE"), "Förderung der Bildung", "Bingen am Rhein", true);
        var invoice = SponsoringInvoiceDocument.ForPaidGross(
            "S-2026-0001", issuer, new Addressee("RHM GmbH", ["Am Hafen 7", "55411 Bingen am Rhein"]), "Nennung als Förderer",
            Core.Money.Euro.FromDecimal(paid), VatTreatment.Rate(19m), new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 25), "MRF-P-2026-0001-1", "DE000000000");

        Assert.Equal(paid, invoice.Gross.ToDecimal());
        Assert.Equal(invoice.Gross, invoice.Net + invoice.VatAmount);
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Words(document);
    }

    // Words joined by single spaces: line breaks of the layout do not split sentences the test looks for.
    private static string Words(PdfDocument document) =>
        string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

    private static async Task<byte[]> DownloadAsync(TestApp app, string blobName) =>
        (await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToArray();

    private static async Task<int> CountOutboxAsync(TestApp app, string fundId, string template)
    {
        var count = 0;
        await foreach (var blob in app.Storage.Container(BlobContainerNames.MailOutbox).GetBlobsAsync(BlobTraits.None, BlobStates.None, fundId + "/", CancellationToken.None))
        {
            count += Path.GetFileName(blob.Name).StartsWith(template + "-", StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Receipt jobs of this fund, as the text a queue trigger receives.</summary>
    private async Task<List<string>> TakeJobsAsync(string fundId)
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
