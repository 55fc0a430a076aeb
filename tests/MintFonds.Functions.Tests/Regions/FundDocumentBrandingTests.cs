using System.Globalization;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Receipts.Wording;
using MintFonds.Functions.Reports;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Receipts;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Graphics.Colors;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// Each fund's documents carry its own look, read back with PdfPig: its logo as an image on page 1 (none without a
/// logo) and its primary colour on the letterhead rule and the headings. On the donation receipt the colour stays on
/// the letterhead: the BMF letter on the official templates (BMF 7.11.2013, IV C 4 - S 2223/07/0018 :005, Rn. 2–4)
/// binds wording and order of the prescribed passages and forbids thanks and advertising, but leaves the visual design
/// to the issuer — so every letter of the receipt stays black. § 14 Abs. 4 UStG says what an invoice states, not how
/// it looks.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FundDocumentBrandingTests(SharedFixture shared)
{
    private static readonly DocumentBrand Bingen = new("#1A5276", LogoKit.Png());
    private static readonly DocumentBrand Rheinhessen = new("#7B241C", LogoKit.Jpeg());

    [Fact]
    public void A_donation_receipt_carries_the_funds_logo_and_coloured_letterhead_rule_and_keeps_the_prescribed_text_black()
    {
        var plain = DonationReceiptPdf.Render(ReceiptSamples.Individual());
        var bingen = DonationReceiptPdf.Render(ReceiptSamples.Individual(), DocumentWording.German, brand: Bingen);
        var rheinhessen = DonationReceiptPdf.Render(ReceiptSamples.Collective(), DocumentWording.German, brand: Rheinhessen);

        Assert.Empty(Images(plain));
        Assert.Single(Images(bingen));
        Assert.Single(Images(rheinhessen));
        Assert.True(HasRule(bingen, "#1A5276"));
        Assert.False(HasRule(bingen, "#7B241C"));
        Assert.True(HasRule(rheinhessen, "#7B241C"));
        Assert.False(HasRule(plain, "#1A5276"));

        // The template's wording, order and one page are untouched (the letterhead lies in the top margin).
        Assert.All(Letters(bingen), colour => Assert.True(Is(colour, "#000000")));
        Assert.Equal(PdfReadBack.Of(plain).Pages[0], PdfReadBack.Of(bingen).Pages[0]);
        using var document = PdfDocument.Open(bingen);
        Assert.Equal(1, document.NumberOfPages);
    }

    [Fact]
    public void A_sponsoring_invoice_has_the_logo_and_its_title_in_the_funds_colour()
    {
        var plain = SponsoringInvoicePdf.Render(Invoice());
        var bingen = SponsoringInvoicePdf.Render(Invoice(), DocumentWording.German, PdfCopy.Archive, Bingen);
        var rheinhessen = SponsoringInvoicePdf.Render(Invoice(), DocumentWording.German, PdfCopy.Archive, Rheinhessen);

        Assert.Empty(Images(plain));
        Assert.Single(Images(bingen));
        Assert.Contains(TitleLetters(bingen, "Rechnung"), colour => Is(colour, "#1A5276"));
        Assert.Contains(TitleLetters(rheinhessen, "Rechnung"), colour => Is(colour, "#7B241C"));
        Assert.DoesNotContain(Letters(bingen), colour => Is(colour, "#7B241C"));
        Assert.All(TitleLetters(plain, "Rechnung"), colour => Assert.True(Is(colour, "#000000")));
        Assert.Equal(PdfReadBack.Of(plain).Text, PdfReadBack.Of(bingen).Text);
    }

    [Fact]
    public async Task The_quarterly_report_of_a_fund_with_a_logo_shows_it_and_two_funds_reports_differ_in_colour()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);
        Assert.Equal(200, (await LogoKit.UploadAsync(app, history.FundId, LogoKit.Png())).Status);
        app.Time.SetUtcNow(AfterQ4);
        await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4" });
        await ProcessAsync(app, await TakeJobsAsync(app, history.FundId));
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId);

        var stored = (await app.Storage.Container(BlobContainerNames.Reports).GetBlobClient(ReportRows.BlobName(history.FundId, new(2026, 4), history.SponsorA)).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Single(Images(stored));

        // The same report for two funds' looks, and without any: its own logo and colour each, none of the other's.
        var report = (await app.Get<SponsorReportSource>().ReadAsync(history.FundId, history.SponsorA, new(2026, 4), AfterQ4, CancellationToken.None))!.Value.Report;
        var bingen = SponsorReportPdf.Render(report with { Brand = Bingen });
        var rheinhessen = SponsorReportPdf.Render(report with { Brand = Rheinhessen });
        var plain = SponsorReportPdf.Render(report with { Brand = null });
        Assert.Single(Images(bingen));
        Assert.Empty(Images(plain));
        Assert.Contains(TitleLetters(bingen, "Quartalsbericht"), colour => Is(colour, "#1A5276"));
        Assert.Contains(TitleLetters(rheinhessen, "Quartalsbericht"), colour => Is(colour, "#7B241C"));
        Assert.DoesNotContain(Letters(rheinhessen), colour => Is(colour, "#1A5276"));
        Assert.True(HasRule(rheinhessen, "#7B241C"));
        Assert.NotEqual(ImageBytes(bingen), ImageBytes(rheinhessen));
    }

    internal static IReadOnlyList<UglyToad.PdfPig.Content.IPdfImage> Images(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPage(1).GetImages()];
    }

    private static byte[] ImageBytes(byte[] pdf) => [.. Images(pdf).Single().RawBytes];

    private static List<IColor> Letters(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPage(1).Letters.Select(l => l.Color)];
    }

    /// <summary>The colours of the letters of the first word on page 1 that is <paramref name="word"/>.</summary>
    private static List<IColor> TitleLetters(byte[] pdf, string word)
    {
        using var document = PdfDocument.Open(pdf);
        var found = document.GetPage(1).GetWords().First(w => w.Text == word);
        return [.. found.Letters.Select(l => l.Color)];
    }

    private static bool HasRule(byte[] pdf, string colour)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPage(1).Paths.Any(p => p.IsStroked && p.StrokeColor is { } stroke && Is(stroke, colour));
    }

    private static bool Is(IColor colour, string hex)
    {
        var (r, g, b) = colour.ToRGBValues();
        int Channel(int at) => int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return Math.Abs((r * 255) - Channel(1)) < 1.5 && Math.Abs((g * 255) - Channel(3)) < 1.5 && Math.Abs((b * 255) - Channel(5)) < 1.5;
    }

    private static SponsoringInvoiceDocument Invoice() =>
        SponsoringInvoiceDocument.Create(
            "S-2026-0001", ReceiptSamples.Issuer, new Addressee("Binger Stadtwerke GmbH", ["Am Rhein 4", "55411 Bingen am Rhein"]),
            "Nennung als Förderer im MINT-Regionalfonds Mainz-Bingen", Euro.FromDecimal(1190m), VatTreatment.Rate(19m),
            new DateOnly(2026, 3, 2), new DateOnly(2026, 2, 27), "MRF-SP-2026-0003", issuerVatId: "DE000000000");
}
