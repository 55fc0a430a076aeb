using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using MintFonds.Core.Json;
using MintFonds.Core.Money;
using MintFonds.Core.Notifications;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Receipts;

/// <summary>
/// The documents follow the rules they implement, read back from the PDFs the live path writes: R 10b.1 Abs. 4 EStR
/// (machine-made receipts), the BMF letter of 6.2.2017 (write-protected e-mailed receipts), the BMF template of 7.11.2013
/// (annex heading, replacement, norm citations, pass-on with § 63 Abs. 5 AO), § 14 Abs. 4 UStG (invoices).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LegalDocumentTests(SharedFixture shared)
{
    [Fact]
    public async Task A_machine_made_receipt_states_the_notification_and_signatory_and_the_donor_gets_a_write_protected_copy()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        var png = await File.ReadAllBytesAsync(RepoPaths.Combine("docs", "zuwendungsbestaetigung.png"));
        var upload = await app.CallAsync<ReceiptSignatureFunctions>(
            "PUT", $"/api/manage/funds/{fundId}/receipt-signature", (f, r) => f.UploadReceiptSignature(r, fundId, CancellationToken.None),
            rawBytes: png, contentType: "image/png", token: app.PlatformAdminToken);
        Assert.Equal(200, upload.Status);

        var receipt = await DonateAndIssueAsync(app, fundId, 1250m);

        var archive = await DownloadAsync(app, receipt.BlobName);
        var text = PdfReadBack.Of(archive).Text;
        Assert.Contains("Die maschinelle Erstellung der Zuwendungsbestätigung ist dem zuständigen Finanzamt Bingen-Alzey am 15.01.2026 angezeigt worden.", text, StringComparison.Ordinal);
        Assert.Contains("Prof. Dr. Hans-Jürgen Beispiel, Präsident", text, StringComparison.Ordinal);
        using (var document = PdfDocument.Open(archive))
        {
            Assert.NotEmpty(document.GetPage(1).GetImages());
            Assert.Null(document.Structure.Trailer.EncryptionToken);

            // PDFsharp 6.2's SetPdfA(): the archive copy carries the PDF/A identification in its XMP metadata.
            Assert.True(document.TryGetXmpMetadata(out var xmp));
            Assert.Contains("pdfaid", xmp.GetXDocument().ToString(), StringComparison.Ordinal);
        }

        // BMF letter of 6.2.2017: the e-mailed copy is write-protected — printing allowed, changes not.
        var mail = Assert.Single(await TakeMailsAsync(fundId), m => m.Template == NotificationTemplates.PaymentReceived);
        Assert.Equal(receipt.SentBlobName, Assert.Single(mail.Attachments).BlobName);
        var sent = await DownloadAsync(app, receipt.SentBlobName);
        var permissions = Permissions(sent);
        Assert.True(permissions.HasFlag(PdfPermission.Print));
        Assert.False(permissions.HasFlag(PdfPermission.Modify));
        Assert.False(permissions.HasFlag(PdfPermission.AssembleDocument));
        Assert.Contains("eintausendzweihundertfünfzig Euro", PdfReadBack.Of(sent).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_of_a_fund_with_its_own_logo_carries_it_in_the_letterhead_on_the_live_path()
    {
        // BMF 7.11.2013 Rn. 2–4: wording and order bound, no thanks or advertising; the letterhead is the issuer's design.
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        Assert.Equal(200, (await Regions.LogoKit.UploadAsync(app, fundId, Regions.LogoKit.Png())).Status);

        var receipt = await DonateAndIssueAsync(app, fundId, 200m);
        await TakeMailsAsync(fundId);

        Assert.Single(Regions.FundDocumentBrandingTests.Images(await DownloadAsync(app, receipt.BlobName)));
        Assert.Single(Regions.FundDocumentBrandingTests.Images(await DownloadAsync(app, receipt.SentBlobName)));
        Assert.Contains(ReceiptSamples.LiabilityNotice, PdfReadBack.Of(await DownloadAsync(app, receipt.BlobName)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_notification_a_receipt_goes_to_the_office_for_signing_and_the_office_records_the_signed_copy()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fund = TestData.Fund(TestData.NewFundId());
        var op = (Dictionary<string, object?>)fund["operator"]!;
        op.Remove("taxOffice");
        op.Remove("procedureNotifiedOn");
        op["machineMadeReceipts"] = false;
        var fundId = await CallTests.NewFund(app, fund);

        var receipt = await DonateAndIssueAsync(app, fundId, 300m);

        Assert.True(receipt.SignatureRequired);
        var text = PdfReadBack.Of(await DownloadAsync(app, receipt.BlobName)).Text;
        Assert.DoesNotContain("maschinelle Erstellung", text, StringComparison.Ordinal);
        Assert.Contains("(Ort, Datum und Unterschrift des Zuwendungsempfängers)", text, StringComparison.Ordinal);
        var mails = await TakeMailsAsync(fundId);
        Assert.DoesNotContain(mails, m => m.Template == NotificationTemplates.PaymentReceived);
        var forSigning = Assert.Single(mails, m => m.Template == NotificationTemplates.ReceiptForSignature);
        Assert.Equal("fonds@th-bingen.example", Assert.Single(forSigning.To).Email);
        Assert.False(await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(receipt.SentBlobName).ExistsAsync());

        var recorded = await SignedCopyAsync(app, fundId, receipt.Number, "2026-11-26");
        Assert.Equal(200, recorded.Status);
        Assert.Equal("2026-11-26", recorded.Json.GetProperty("signedCopySentOn").GetString());
        Assert.Contains(await app.Get<AuditLog>().ListAsync(fundId, 20, CancellationToken.None), e => e.Action == "receipt.signed-copy-sent");
        Assert.Equal(422, (await SignedCopyAsync(app, fundId, receipt.Number, "2027-01-01")).Status);
    }

    [Fact]
    public async Task A_machine_made_receipt_needs_no_signed_copy_and_the_fund_api_refuses_machine_made_receipts_without_notification()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        var receipt = await DonateAndIssueAsync(app, fundId, 50m);
        await TakeMailsAsync(fundId);

        Assert.Equal(409, (await SignedCopyAsync(app, fundId, receipt.Number, "2026-11-26")).Status);

        var fund = TestData.Fund(TestData.NewFundId());
        ((Dictionary<string, object?>)fund["operator"]!).Remove("taxOffice");
        var refused = await FundAdminTests.CreateFund(app, fund);
        Assert.Equal(422, refused.Status);
        Assert.Contains("operator.procedureNotifiedOn", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passed_on_donation_names_the_recipient_and_its_exemption_and_carries_the_section_63_notice()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fund = TestData.Fund(TestData.NewFundId());
        ((Dictionary<string, object?>)fund["operator"]!)["passOn"] = new Dictionary<string, object?>
        {
            ["recipient"] = "Förderverein MINT-Region Mainz-Bingen e. V.", ["taxOffice"] = "Bingen-Alzey", ["taxNumber"] = "08/650/99999",
            ["notice"] = "freistellungsbescheid", ["noticeDate"] = "2024-05-02",
        };
        var fundId = await CallTests.NewFund(app, fund);

        var receipt = await DonateAndIssueAsync(app, fundId, 100m);
        await TakeMailsAsync(fundId);

        var text = PdfReadBack.Of(await DownloadAsync(app, receipt.BlobName)).Text;
        Assert.Contains(
            "Die Zuwendung wird entsprechend den Angaben des Zuwendenden an Förderverein MINT-Region Mainz-Bingen e. V. weitergeleitet, die/der vom Finanzamt Bingen-Alzey, StNr. 08/650/99999, mit Freistellungsbescheid vom 02.05.2024 von der Körperschaftsteuer und Gewerbesteuer befreit ist.",
            text, StringComparison.Ordinal);
        Assert.Contains("(§ 63 Absatz 5 AO)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Die Zuwendung wird von uns unmittelbar", text, StringComparison.Ordinal);
        Assert.Contains("(§ 10b Absatz 4 EStG, § 9 Absatz 3 KStG, § 9 Nummer 5 GewStG)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yearly_sponsoring_instalment_is_invoiced_for_its_service_year_with_the_issuers_tax_number()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fund = TestData.Fund(TestData.NewFundId());
        fund["sponsoring"] = new Dictionary<string, object?> { ["vatExemptionText"] = "Nicht steuerbar nach § 2b UStG", ["serviceDescription"] = "Nennung als Förderer" };
        var fundId = await CallTests.NewFund(app, fund);
        Assert.Equal(201, (await SubmitAsync(app, fundId, Pledge(kind: "sponsoring", receiptPreference: "perPayment"))).Status);
        await TakeMailsAsync(fundId);
        await RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-2");
        await RunReceiptJobsAsync(app, fundId);

        var invoice = Assert.Single(await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
        var text = PdfReadBack.Of(await DownloadAsync(app, invoice.BlobName)).Text;

        // § 14 Abs. 4 Nr. 6 UStG: instalment 2 of a yearly pledge from 15.01.2027 pays the second year.
        Assert.Contains("Leistungszeitraum: 15.01.2028 bis 14.01.2029", text, StringComparison.Ordinal);
        // § 14 Abs. 4 Nr. 2 UStG: the issuer's tax number, with its own label, also on an exempt invoice.
        Assert.Contains("Steuernummer: 08/650/12345", text, StringComparison.Ordinal);
        Assert.DoesNotContain("USt-IdNr.", text, StringComparison.Ordinal);
        await TakeMailsAsync(fundId);
    }

    [Fact]
    public async Task Two_hundred_fifty_donations_of_one_sponsor_get_collective_receipts_for_non_overlapping_periods()
    {
        await using var app = await TestApp.StartAsync(shared, now: new DateTimeOffset(2027, 1, 20, 9, 0, 0, TimeSpan.Zero));
        var fundId = await CallTests.NewFund(app);
        var pledge = Pledge(schedule: "oneOff", years: null, receiptPreference: "collectiveYearly");
        pledge["firstDueOn"] = "2027-03-01";
        Assert.Equal(201, (await SubmitAsync(app, fundId, pledge)).Status);
        var by = new Functions.Access.AdminPrincipal("00000000-0000-0000-0000-0000000000aa", null, [], IsPlatformAdmin: true);
        for (var i = 0; i < 250; i++)
        {
            var input = PaymentInput(10m, $"BANK-{i}-{Guid.NewGuid():N}", "MRF-P-2027-0001-1") with { ValueDate = new DateOnly(2026, 1, 1).AddDays(i) };
            await app.Get<Functions.Payments.PaymentService>().RecordAsync(fundId, input, by, CancellationToken.None);
        }

        var receipts = (await app.Get<ReceiptService>().IssueCollectiveAsync(fundId, 2026, CancellationToken.None)).OrderBy(r => r.PeriodFrom).ToList();
        await TakeMailsAsync(fundId);

        Assert.Equal(3, receipts.Count);
        Assert.Equal(250, receipts.SelectMany(r => r.PaymentIds).Distinct().Count());
        Assert.Equal(new DateOnly(2026, 1, 1), receipts[0].PeriodFrom);
        Assert.Equal(new DateOnly(2026, 12, 31), receipts[^1].PeriodTo);
        for (var i = 1; i < receipts.Count; i++)
        {
            Assert.Equal(receipts[i - 1].PeriodTo!.Value.AddDays(1), receipts[i].PeriodFrom);
        }

        foreach (var receipt in receipts)
        {
            var text = PdfReadBack.Of(await DownloadAsync(app, receipt.BlobName)).Text;
            Assert.Contains($"{receipt.PeriodFrom:dd.MM.yyyy} bis {receipt.PeriodTo:dd.MM.yyyy}", text, StringComparison.Ordinal);
            Assert.Contains(GermanAmountInWords.For(receipt.Total), text.Replace("\u00AD", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(999999999.99)]
    public void The_smallest_and_the_largest_amount_read_back_whole_and_break_only_at_a_syllable(decimal value)
    {
        var amount = Euro.FromDecimal(value);
        var words = GermanAmountInWords.For(amount);
        var receipt = DonationReceiptDocument.Individual(
            "2026-0001", ReceiptSamples.Issuer, ReceiptSamples.Donor, amount, words, new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16));

        var text = PdfReadBack.Of(DonationReceiptPdf.Render(receipt)).Text;

        // A line may end in "-" only right after a part of the number word ("neunhundert-", "tausend-"), never inside one.
        var joined = Regex.Replace(text, @"(\p{Ll})- (\p{Ll})", "$1$2");
        Assert.Contains(words, joined, StringComparison.Ordinal);
        foreach (Match cut in Regex.Matches(text, @"(\p{Ll}+)- \p{Ll}"))
        {
            Assert.Matches(@"(hundert|tausend|und|zig|ßig|zehn|eins|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|elf|zwölf)$", cut.Groups[1].Value);
        }
    }

    [Fact]
    public void A_replacement_says_so_in_the_issuers_header_beside_its_number_not_inside_the_form()
    {
        var text = PdfReadBack.Of(DonationReceiptPdf.Render(ReceiptSamples.Individual("2026-0002", replaces: "2026-0001"))).Text;

        var note = text.IndexOf("ersetzt die Zuwendungsbestätigung Nr. 2026-0001", StringComparison.Ordinal);
        Assert.True(note > text.IndexOf("Aussteller", StringComparison.Ordinal));
        Assert.True(note < text.IndexOf("Bestätigung über Geldzuwendungen", StringComparison.Ordinal), "The note stands in the header, before the template's title.");
        Assert.True(note < text.IndexOf("Name und Anschrift des Zuwendenden", StringComparison.Ordinal));
    }

    [Fact]
    public void Words_that_do_not_state_the_figures_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Individual(
            "2026-0001", ReceiptSamples.Issuer, ReceiptSamples.Donor, Euro.FromDecimal(1250m), "eintausend Euro", new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16)));
        Assert.Contains("does not state", error.Message, StringComparison.Ordinal);
    }

    private async Task<ReceiptRecord> DonateAndIssueAsync(TestApp app, string fundId, decimal amount)
    {
        Assert.Equal(201, (await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null, amount: amount))).Status);
        await TakeMailsAsync(fundId);
        Assert.Equal(201, (await RecordPaymentAsync(app, fundId, amount, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1")).Status);
        await RunReceiptJobsAsync(app, fundId);
        return Assert.Single(await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
    }

    private async Task RunReceiptJobsAsync(TestApp app, string fundId)
    {
        var queue = new QueueClient(shared.Azurite.ConnectionString, QueueNames.Receipts);
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(5))).Value)
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
            if (JsonSerializer.Deserialize<ReceiptJob>(text, MintFondsJson.Storage)?.FundId == fundId)
            {
                await app.Get<ReceiptFunctions>().IssueReceipt(text, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    private static Task<TestResponse> SignedCopyAsync(TestApp app, string fundId, string number, string sentOn) =>
        app.CallAsync<ReceiptAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/receipts/{number}/signed-copy-sent",
            (f, r) => f.RecordSignedCopySent(r, fundId, number, CancellationToken.None), new { sentOn }, app.PlatformAdminToken);

    private Task<List<NotificationMessage>> TakeMailsAsync(string fundId) =>
        QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

    private static async Task<byte[]> DownloadAsync(TestApp app, string blobName) =>
        (await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToArray();

    /// <summary>The /P entry of the document's encryption dictionary (PDF 32000-1, 7.6.3.2), as PdfPig reads it.</summary>
    private static PdfPermission Permissions(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var token = document.Structure.Trailer.EncryptionToken ?? throw new Xunit.Sdk.XunitException("The PDF is not encrypted.");
        var dictionary = token switch
        {
            IndirectReferenceToken reference => (DictionaryToken)document.Structure.GetObject(reference.Data).Data,
            DictionaryToken direct => direct,
            _ => throw new Xunit.Sdk.XunitException("Unexpected encryption token."),
        };
        Assert.True(dictionary.TryGet(NameToken.Create("P"), out NumericToken p));
        return (PdfPermission)p.Int;
    }

    /// <summary>The user access permission bits of PDF 32000-1, table 22.</summary>
    [Flags]
    private enum PdfPermission
    {
        Print = 1 << 2,
        Modify = 1 << 3,
        Copy = 1 << 4,
        Annotate = 1 << 5,
        FillForms = 1 << 8,
        ExtractForAccessibility = 1 << 9,
        AssembleDocument = 1 << 10,
        PrintHighQuality = 1 << 11,
    }
}
