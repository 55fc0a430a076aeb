using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts;
using static MintFonds.Functions.Tests.Receipts.ReceiptSamples;

namespace MintFonds.Functions.Tests.Receipts;

public sealed class DonationReceiptPdfTests
{
    [Fact]
    public void An_individual_receipt_reads_back_every_field_of_the_template_in_order()
    {
        var pdf = PdfReadBack.Of(DonationReceiptPdf.Render(Individual()));

        var page = Assert.Single(pdf.Pages);
        string[] inOrder =
        [
            "Aussteller",
            "Technische Hochschule Bingen Berlinstraße 109 55411 Bingen am Rhein",
            "Nr. 2026-0001",
            Title,
            "Name und Anschrift des Zuwendenden: Rheinhessische Maschinenbau GmbH Industriestraße 12 55411 Bingen am Rhein",
            "1.250,00 €",
            "eintausendzweihundertfünfzig Euro",
            "Tag der Zuwendung: 12.03.2026",
            "Es handelt sich um den Verzicht auf Erstattung von Aufwendungen: Ja ☐ Nein ☒",
            "Es wird bestätigt, dass die Zuwendung nur zur Förderung der Bildung (MINT-Bildung entlang der Bildungskette in der Region Mainz-Bingen) verwendet wird.",
            "Die Zuwendung wird von uns unmittelbar für den angegebenen Zweck verwendet.",
            "Bingen am Rhein, 16.03.2026",
            MachineMadeNote,
            "Hinweis: " + LiabilityNotice,
        ];
        AssertInOrder(page, inOrder);
    }

    [Fact]
    public void The_receipt_carries_no_thanks_no_advertising_and_no_annex()
    {
        var text = PdfReadBack.Of(DonationReceiptPdf.Render(Individual())).Text;

        Assert.DoesNotContain("Dank", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("www", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sammelbestätigung", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seite", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_font_is_embedded()
    {
        var pdf = PdfReadBack.Of(DonationReceiptPdf.Render(Individual()));

        Assert.True(pdf.FontCount >= 2, "regular and bold are used");
        Assert.Empty(pdf.FontsWithoutFile);
    }

    [Fact]
    public void Metadata_comes_from_the_document_and_the_same_document_renders_the_same_text()
    {
        var first = PdfReadBack.Of(DonationReceiptPdf.Render(Individual()));
        var second = PdfReadBack.Of(DonationReceiptPdf.Render(Individual()));

        Assert.Equal("Zuwendungsbestätigung 2026-0001", first.Title);
        Assert.Equal("Technische Hochschule Bingen", first.Author);
        Assert.Equal(new DateOnly(2026, 3, 16), DateOnly.FromDateTime(first.Created!.Value.DateTime));
        Assert.Equal(first.Pages, second.Pages);
        Assert.Equal((first.Title, first.Author, first.Created), (second.Title, second.Author, second.Created));
    }

    [Fact]
    public void A_replacement_receipt_names_the_receipt_it_replaces()
    {
        var text = PdfReadBack.Of(DonationReceiptPdf.Render(Individual("2026-0005", replaces: "2026-0001"))).Text;

        Assert.Contains("Nr. 2026-0005", text, StringComparison.Ordinal);
        Assert.Contains("ersetzt die Zuwendungsbestätigung Nr. 2026-0001", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_machine_procedure_the_receipt_leaves_room_for_a_signature()
    {
        var receipt = DonationReceiptDocument.Individual(
            "2026-0001", Issuer with { MachineMadeReceipts = false }, Donor, Euro.FromDecimal(300m), "dreihundert Euro",
            new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16));

        var pdf = PdfReadBack.Of(DonationReceiptPdf.Render(receipt));

        Assert.Contains("(Ort, Datum und Unterschrift des Zuwendungsempfängers)", pdf.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("maschinell", pdf.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Money_passed_on_names_the_recipient_instead_of_direct_use()
    {
        var receipt = DonationReceiptDocument.Individual(
            "2026-0001", Issuer, Donor, Euro.FromDecimal(300m), "dreihundert Euro", new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16),
            DonationUse.PassedOnTo("Förderverein MINT Bingen e. V.", "Finanzamt Bingen-Alzey, StNr. 08/123/45678, mit Freistellungsbescheid vom 01.02.2025"));

        var text = PdfReadBack.Of(DonationReceiptPdf.Render(receipt)).Text;

        Assert.Contains(
            "entsprechend den Angaben des Zuwendenden an Förderverein MINT Bingen e. V. weitergeleitet, die/der vom Finanzamt Bingen-Alzey",
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("unmittelbar", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_plausible_receipt_still_fits_on_one_page()
    {
        // Purpose texts are limited to 500 characters by the fund settings; addresses to five lines.
        var issuer = Issuer with { PurposeText = "Förderung der Bildung " + string.Join(' ', Enumerable.Repeat("(MINT-Bildung in der Region)", 17)) };
        var donor = new Addressee(
            "Rheinhessische Maschinenbau und Anlagentechnik Gesellschaft mit beschränkter Haftung & Co. Kommanditgesellschaft",
            ["z. Hd. Frau Dr. Beispiel, Abteilung Unternehmenskommunikation", "Industriestraße 12–14, Gebäude C", "Postfach 1234", "55411 Bingen am Rhein", "Deutschland"]);
        var receipt = DonationReceiptDocument.Individual(
            "2026-9999", issuer, donor, Euro.FromDecimal(999_999_999.99m),
            "neunhundertneunundneunzig Millionen neunhundertneunundneunzigtausendneunhundertneunundneunzig Euro und neunundneunzig Cent",
            new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16),
            DonationUse.PassedOnTo("Förderverein MINT Bingen e. V.", "Finanzamt Bingen-Alzey, StNr. 08/123/45678, mit Freistellungsbescheid vom 01.02.2025"),
            replaces: "2026-0001");

        var pdf = PdfReadBack.Of(DonationReceiptPdf.Render(receipt));

        Assert.Single(pdf.Pages);
        Assert.Contains("999.999.999,99 €", pdf.Text, StringComparison.Ordinal);
        Assert.Contains(LiabilityNotice, pdf.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receipt_that_cannot_fit_one_page_is_refused_rather_than_spilled_over()
    {
        var issuer = Issuer with { PurposeText = string.Join(' ', Enumerable.Repeat("Förderung der Bildung", 300)) };
        var receipt = DonationReceiptDocument.Individual(
            "2026-0001", issuer, Donor, Euro.FromDecimal(300m), "dreihundert Euro", new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16));

        var error = Assert.Throws<InvalidOperationException>(() => DonationReceiptPdf.Render(receipt));
        Assert.Contains("one page", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertInOrder(string text, IEnumerable<string> parts)
    {
        var from = 0;
        foreach (var part in parts)
        {
            var at = text.IndexOf(part, from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"Expected \"{part}\" after position {from} in:\n{text}");
            from = at + part.Length;
        }
    }
}
