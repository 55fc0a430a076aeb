using MintFonds.Functions.Receipts;
using static MintFonds.Functions.Tests.Receipts.ReceiptSamples;

namespace MintFonds.Functions.Tests.Receipts;

public sealed class CollectiveReceiptPdfTests
{
    [Fact]
    public void The_receipt_page_states_total_period_and_the_mandatory_sentence()
    {
        var pdf = PdfReadBack.Of(DonationReceiptPdf.Render(Collective()));

        Assert.Equal(2, pdf.Pages.Count);
        DonationReceiptPdfTests.AssertInOrder(pdf.Pages[0],
        [
            "Nr. 2026-0002",
            "Sammelbestätigung über Geldzuwendungen im Sinne des § 10b des Einkommensteuergesetzes",
            "Rheinhessische Maschinenbau GmbH",
            "Gesamtbetrag der Zuwendung",
            "2.250,00 €",
            "zweitausendzweihundertfünfzig Euro",
            "Zeitraum der Sammelbestätigung: 01.01.2025 bis 31.12.2025",
            "nur zur Förderung der Bildung",
            NoOtherReceipts,
            "ist der Anlage zur Sammelbestätigung zu entnehmen.",
            "Bingen am Rhein, 20.01.2026",
            LiabilityNotice,
        ]);
        Assert.DoesNotContain("Anlage zur Sammelbestätigung Nr.", pdf.Pages[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_annex_lists_every_donation_and_adds_up_to_the_total()
    {
        var pdf = PdfReadBack.Of(DonationReceiptPdf.Render(Collective()));
        var annex = pdf.Pages[1];

        DonationReceiptPdfTests.AssertInOrder(annex,
        [
            // BMF template: the annex is headed "Anlage zur Sammelbestätigung vom <Datum>" and names the donor.
            "Anlage zur Sammelbestätigung vom 20.01.2026",
            "zur Sammelbestätigung Nr. 2026-0002",
            "Zeitraum: 01.01.2025 bis 31.12.2025",
            "Datum der Zuwendung",
            "15.01.2025 Geldzuwendung nein 500,00 €",
            "15.04.2025 Geldzuwendung nein 500,00 €",
            "30.09.2025 Mitgliedsbeitrag nein 250,00 €",
            "01.12.2025 Geldzuwendung nein 1.000,00 €",
            "Gesamtsumme 2.250,00 €",
        ]);
        AssertAnnexAddsUpToMainTotal(pdf, rows: 4);
    }

    [Fact]
    public void A_long_annex_spans_pages_and_repeats_its_header()
    {
        var pdf = PdfReadBack.Of(DonationReceiptPdf.Render(LongCollective(days: 120)));

        Assert.True(pdf.Pages.Count >= 4, $"expected at least 4 pages, got {pdf.Pages.Count}");
        Assert.Contains("Anlage zur Sammelbestätigung vom 20.01.2026 zur Sammelbestätigung Nr. 2026-0003", pdf.Pages[1], StringComparison.Ordinal);
        foreach (var (page, number) in pdf.Pages.Select((page, i) => (page, i + 1)).Skip(2))
        {
            Assert.Contains("Anlage zur Sammelbestätigung vom 20.01.2026 (Fortsetzung)", page, StringComparison.Ordinal);
            Assert.Contains("Datum der Zuwendung", page, StringComparison.Ordinal);
            Assert.Contains($"Seite {number} von {pdf.Pages.Count}", page, StringComparison.Ordinal);
        }

        AssertAnnexAddsUpToMainTotal(pdf, rows: 120);
        Assert.Empty(pdf.FontsWithoutFile);
    }

    private static void AssertAnnexAddsUpToMainTotal(PdfReadBack pdf, int rows)
    {
        var mainTotal = PdfReadBack.Amounts(pdf.Pages[0])[0];
        var annex = string.Join(' ', pdf.Pages.Skip(1));
        var totalAt = annex.IndexOf("Gesamtsumme", StringComparison.Ordinal);
        Assert.True(totalAt > 0, "the annex has a total line");

        var listed = PdfReadBack.Amounts(annex[..totalAt]);
        var annexTotal = Assert.Single(PdfReadBack.Amounts(annex[totalAt..]));
        Assert.Equal(rows, listed.Count);
        Assert.Equal(annexTotal, listed.Sum());
        Assert.Equal(mainTotal, annexTotal);
    }
}
