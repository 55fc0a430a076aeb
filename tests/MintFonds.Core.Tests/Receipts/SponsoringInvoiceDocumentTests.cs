using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using static MintFonds.Core.Tests.Receipts.ReceiptData;

namespace MintFonds.Core.Tests.Receipts;

public sealed class SponsoringInvoiceDocumentTests
{
    [Theory]
    [InlineData("1000.00", "19", "190.00", "1190.00")]
    [InlineData("0.05", "19", "0.01", "0.06")] // 0.95 cent rounds up
    [InlineData("0.02", "19", "0.00", "0.02")] // 0.38 cent rounds down
    [InlineData("12.50", "7", "0.88", "13.38")] // 87.5 cent: exactly half rounds up
    [InlineData("333.33", "19", "63.33", "396.66")] // 6333.27 cent
    [InlineData("100.00", "5.5", "5.50", "105.50")]
    public void VAT_is_rounded_half_up_to_the_cent_and_gross_adds_up(string net, string rate, string vat, string gross)
    {
        var invoice = Invoice(Euro.FromDecimal(Parse(net)), VatTreatment.Rate(Parse(rate)));

        Assert.Equal(Euro.FromDecimal(Parse(vat)), invoice.VatAmount);
        Assert.Equal(Euro.FromDecimal(Parse(gross)), invoice.Gross);
        Assert.Equal(invoice.Net + invoice.VatAmount, invoice.Gross);
    }

    [Fact]
    public void An_exempt_invoice_has_no_VAT()
    {
        var invoice = Invoice(Euro.FromDecimal(500m), VatTreatment.Exempt("Nicht steuerbar nach § 2b UStG."));

        Assert.True(invoice.Vat.IsExempt);
        Assert.Equal(Euro.Zero, invoice.VatAmount);
        Assert.Equal(invoice.Net, invoice.Gross);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-19")]
    [InlineData("100")]
    [InlineData("19.001")]
    public void Implausible_rates_are_refused(string rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VatTreatment.Rate(Parse(rate)));

    [Fact]
    public void Missing_data_is_refused()
    {
        Assert.Throws<ArgumentException>(() => VatTreatment.Exempt(" "));
        Assert.Throws<ArgumentException>(() => Invoice(Euro.Zero, VatTreatment.Rate(19m)));
        Assert.Throws<ArgumentException>(() => SponsoringInvoiceDocument.Create(
            "S-2026-0001", Issuer, Donor, "Nennung als Förderer", Euro.FromDecimal(10m), VatTreatment.Rate(19m), Day(3, 20), Day(3, 18), " "));
    }

    private static SponsoringInvoiceDocument Invoice(Euro net, VatTreatment vat) =>
        SponsoringInvoiceDocument.Create(
            "S-2026-0001", Issuer, Donor, "Nennung als Förderer im MINT-Regionalfonds Mainz-Bingen", net, vat, Day(3, 20), Day(3, 18),
            "MRF-SP-2026-0003", issuerVatId: "DE149123456");

    private static decimal Parse(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
