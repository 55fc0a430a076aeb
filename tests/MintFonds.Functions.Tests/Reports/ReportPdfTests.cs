using MintFonds.Functions.Reports;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using UglyToad.PdfPig;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Reports;

/// <summary>
/// The stored report read back with PdfPig: the sponsor's name and amounts, a funded project named with its applicant's
/// consent, the other project only counted (domain rule: publication only with consent), and two charts drawn as vector
/// paths (no images). German for the sponsor who wrote in German, English for the one who chose English.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReportPdfTests(SharedFixture shared)
{
    [Fact]
    public async Task The_report_names_the_sponsor_its_amounts_the_consented_project_counts_the_other_and_draws_its_charts()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);
        app.Time.SetUtcNow(AfterQ4);
        await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4" });
        await ProcessAsync(app, await TakeJobsAsync(app, history.FundId));
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId);

        var pdf = (await app.Storage.Container(BlobContainerNames.Reports).GetBlobClient(ReportRows.BlobName(history.FundId, new(2026, 4), history.SponsorA)).DownloadContentAsync()).Value.Content.ToArray();
        var text = Receipts.PdfReadBack.Of(pdf).Text;
        Assert.Contains(NamedSponsor, text, StringComparison.Ordinal);
        Assert.Contains("4. Quartal 2026", text, StringComparison.Ordinal);
        Assert.Contains("600,00 €", text, StringComparison.Ordinal); // paid in the quarter, since the start, allocated
        Assert.Contains(PublishedTitle, text, StringComparison.Ordinal);
        Assert.Contains("Grundschule Am Rhein", text, StringComparison.Ordinal);
        Assert.Contains("1 weiteres Projekt an Grundschulen", text, StringComparison.Ordinal);
        Assert.DoesNotContain(UnpublishedTitle, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ContactName, text, StringComparison.Ordinal);
        Assert.Contains("Zweckgebundene Zusagen", text, StringComparison.Ordinal);
        Assert.Contains("1.800,00 €", text, StringComparison.Ordinal); // the earmarked pledge: 3 × 600 € promised
        Assert.Contains("1.200,00 €", text, StringComparison.Ordinal); // of which still to come
        Assert.Contains("Kita, Primarstufe", text, StringComparison.Ordinal); // the earmark in words

        // The charts: filled rectangles drawn as paths (bars by education stage, bars per quarter, legend), no images.
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        var filled = pages.SelectMany(p => p.Paths).Where(p => p.IsFilled).ToList();
        Assert.True(filled.Count >= 8, $"{filled.Count} filled paths");
        Assert.Empty(pages.SelectMany(p => p.GetImages()));
        Assert.Contains(pages, p => p.Text.Contains("nach Bildungsstufe", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Text.Contains("je Quartal 2026", StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Equal(595, p.Width, 0)); // A4

        var english = (await app.Storage.Container(BlobContainerNames.Reports).GetBlobClient(ReportRows.BlobName(history.FundId, new(2026, 4), history.SponsorB)).DownloadContentAsync()).Value.Content.ToArray();
        var englishText = Receipts.PdfReadBack.Of(english).Text;
        Assert.Contains("Your quarterly report – Q4 2026", englishText, StringComparison.Ordinal);
        Assert.Contains(UnnamedSponsor, englishText, StringComparison.Ordinal);
        Assert.Contains("€400.00", englishText, StringComparison.Ordinal);
        Assert.Contains("No projects have been allocated", englishText, StringComparison.Ordinal);
        Assert.Contains("Lower secondary", englishText, StringComparison.Ordinal); // the earmark in the reader's words
        Assert.DoesNotContain("SekundarstufeI", englishText, StringComparison.Ordinal);
    }
}
