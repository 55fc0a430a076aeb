using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts;
using static MintFonds.Functions.Tests.Receipts.ReceiptSamples;

namespace MintFonds.Functions.Tests.Receipts;

public sealed class SponsoringInvoicePdfTests
{
    [Fact]
    public void An_invoice_shows_net_VAT_and_gross()
    {
        var pdf = PdfReadBack.Of(SponsoringInvoicePdf.Render(Invoice(VatTreatment.Rate(19m))));

        var page = Assert.Single(pdf.Pages);
        DonationReceiptPdfTests.AssertInOrder(page,
        [
            "Technische Hochschule Bingen",
            "Binger Stadtwerke GmbH",
            "Rechnungsnummer: S-2026-0001",
            "Rechnungsdatum: 02.03.2026",
            "USt-IdNr.: DE000000000",
            "Rechnung",
            "Nennung als Förderer im MINT-Regionalfonds Mainz-Bingen",
            "Leistungszeitraum: 01.03.2026 bis 31.12.2026",
            "Nettobetrag 1.234,56 €",
            "zzgl. Umsatzsteuer 19 % 234,57 €",
            "Rechnungsbetrag (brutto) 1.469,13 €",
            "am 27.02.2026 mit dem Verwendungszweck „MRF-SP-2026-0003“",
        ]);
        Assert.Equal("Rechnung S-2026-0001", pdf.Title);
        Assert.Empty(pdf.FontsWithoutFile);
    }

    [Fact]
    public void An_exempt_invoice_states_why_and_shows_no_VAT()
    {
        var pdf = PdfReadBack.Of(SponsoringInvoicePdf.Render(Invoice(VatTreatment.Exempt("Steuerfrei nach § 4 Nr. 22 Buchst. a UStG."))));

        Assert.Contains("Rechnungsbetrag 1.234,56 €", pdf.Text, StringComparison.Ordinal);
        Assert.Contains("Steuerfrei nach § 4 Nr. 22 Buchst. a UStG.", pdf.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Umsatzsteuer", pdf.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nettobetrag", pdf.Text, StringComparison.Ordinal);
        Assert.Equal([1234.56m], PdfReadBack.Amounts(pdf.Text));
    }

    [Fact]
    public void An_invoice_is_never_a_donation_receipt()
    {
        var text = PdfReadBack.Of(SponsoringInvoicePdf.Render(Invoice(VatTreatment.Rate(19m)))).Text;

        Assert.DoesNotContain("Zuwendung", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Spende", text, StringComparison.Ordinal);
    }

    private static SponsoringInvoiceDocument Invoice(VatTreatment vat) =>
        SponsoringInvoiceDocument.Create(
            "S-2026-0001", Issuer, new Addressee("Binger Stadtwerke GmbH", ["Am Rhein 4", "55411 Bingen am Rhein"]),
            "Nennung als Förderer im MINT-Regionalfonds Mainz-Bingen auf der Website und bei der Förderveranstaltung 2026",
            Euro.FromDecimal(1234.56m), vat, new DateOnly(2026, 3, 2), new DateOnly(2026, 2, 27), "MRF-SP-2026-0003",
            issuerVatId: "DE000000000", servicePeriod: new(new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31)));
}
