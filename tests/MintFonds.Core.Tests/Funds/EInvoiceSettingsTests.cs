using MintFonds.Core.EInvoices;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Pledges;
using MintFonds.Core.Receipts;

namespace MintFonds.Core.Tests.Funds;

/// <summary>
/// The fund's e-invoice settings: PDF only unless asked for, and with <c>pdfAndXRechnung</c> the fund API demands
/// exactly what <see cref="XRechnungCii"/> will need, so whatever it accepts, the builder accepts too.
/// </summary>
public sealed class EInvoiceSettingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly SponsorDetails Sponsor = new(
        SponsorType.Unternehmen, "Binger Stadtwerke GmbH", new PostalAddress("Am Hafen 7", "55411", "Bingen am Rhein", "DE"), null, "rechnung@stadtwerke.example");

    [Fact]
    public void Without_the_new_fields_a_fund_stays_valid_and_issues_PDFs_only()
    {
        var result = FundValidator.Validate(WithSponsoring(new SponsoringInput { VatRatePercent = 19m, VatId = "DE123456789", ServiceDescription = "Nennung" }), null, Now);

        Assert.True(result.IsValid);
        Assert.Equal(EInvoiceFormat.PdfOnly, result.Value!.Sponsoring!.EInvoice);
        Assert.False(SponsoringEInvoice.IsIssuedBy(result.Value));
    }

    [Fact]
    public void XRechnung_needs_the_phone_the_contact_name_and_for_an_exemption_its_category()
    {
        var input = WithSponsoring(new SponsoringInput { VatExemptionText = "Steuerfrei nach § 4 Nr. 22 UStG", VatId = "DE123456789", ServiceDescription = "Nennung", EInvoice = EInvoiceFormat.PdfAndXRechnung });

        var result = FundValidator.Validate(input with { Contact = input.Contact! with { Phone = null } }, null, Now);

        Assert.Contains(result.Errors, e => e.Field == "contact.phone");
        Assert.Contains(result.Errors, e => e.Field == "sponsoring.invoiceContactName");
        Assert.Contains(result.Errors, e => e.Field == "sponsoring.noVatCategory");
    }

    [Theory]
    [InlineData("vat id when not subject", "sponsoring.vatId")]
    [InlineData("tax number as vat id", "sponsoring.vatId")]
    [InlineData("tax number without identifier", "sponsoring.sellerIdentifier")]
    [InlineData("category with a rate", "sponsoring.noVatCategory")]
    [InlineData("code of the other category", "sponsoring.exemptionReasonCode")]
    [InlineData("not a vatex code", "sponsoring.exemptionReasonCode")]
    public void Settings_the_e_invoice_would_refuse_are_refused_by_the_fund_API(string scenario, string field)
    {
        var notSubject = new SponsoringInput
        {
            VatExemptionText = "Nicht steuerbar nach § 2b UStG", ServiceDescription = "Nennung", EInvoice = EInvoiceFormat.PdfAndXRechnung,
            NoVatCategory = NoVatCategory.NotSubjectToVat, InvoiceContactName = "Fondsbüro", SellerIdentifier = "TH-BINGEN",
        };
        var taxed = new SponsoringInput { VatRatePercent = 19m, VatId = "DE123456789", ServiceDescription = "Nennung", EInvoice = EInvoiceFormat.PdfAndXRechnung, InvoiceContactName = "Fondsbüro" };
        var (sponsoring, taxNumber) = scenario switch
        {
            "vat id when not subject" => (notSubject with { VatId = "DE123456789" }, (string?)"08/650/12345"),
            "tax number as vat id" => (taxed with { VatId = "08/650/12345" }, null),
            "tax number without identifier" => (taxed with { VatId = null }, "08/650/12345"),
            "category with a rate" => (taxed with { NoVatCategory = NoVatCategory.Exempt }, null),
            "code of the other category" => (notSubject with { ExemptionReasonCode = "VATEX-EU-132" }, "08/650/12345"),
            _ => (notSubject with { ExemptionReasonCode = "§ 2b UStG" }, "08/650/12345"),
        };
        var input = WithSponsoring(sponsoring);

        var result = FundValidator.Validate(input with { Operator = input.Operator! with { TaxNumber = taxNumber } }, null, Now);

        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("taxed with VAT id", "S")]
    [InlineData("exempt with tax number", "E")]
    [InlineData("not subject to VAT", "O")]
    public void What_the_fund_API_accepts_the_e_invoice_builder_accepts(string scenario, string category)
    {
        var sponsoring = scenario switch
        {
            "taxed with VAT id" => new SponsoringInput { VatRatePercent = 19m, VatId = "DE 123 456 789", ServiceDescription = "Nennung", InvoiceContactName = "Fondsbüro" },
            "exempt with tax number" => new SponsoringInput
            {
                VatExemptionText = "Steuerfrei nach § 4 Nr. 22 UStG", ServiceDescription = "Nennung", NoVatCategory = NoVatCategory.Exempt,
                ExemptionReasonCode = "vatex-eu-132", InvoiceContactName = "Fondsbüro", SellerIdentifier = "TH-BINGEN",
            },
            _ => new SponsoringInput
            {
                VatExemptionText = "Nicht steuerbar nach § 2b UStG", ServiceDescription = "Nennung", NoVatCategory = NoVatCategory.NotSubjectToVat,
                InvoiceContactName = "Fondsbüro", SellerIdentifier = "TH-BINGEN",
            },
        };
        var input = WithSponsoring(sponsoring with { EInvoice = EInvoiceFormat.PdfAndXRechnung });

        var result = FundValidator.Validate(input with { Operator = input.Operator! with { TaxNumber = "08/650/12345" } }, null, Now);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        var fund = result.Value!;
        var settings = fund.Sponsoring!;
        var vat = settings.VatRatePercent is { } rate ? VatTreatment.Rate(rate) : VatTreatment.Exempt(settings.VatExemptionText!);
        var document = SponsoringInvoiceDocument.ForPaidGross(
            "S-2026-0001", fund.Operator, new Addressee(Sponsor.Name, ["Am Hafen 7", "55411 Bingen am Rhein"]), settings.ServiceDescription,
            Euro.FromDecimal(1234.56m), vat, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 25), "MRF-P-2026-0001-1", settings.VatId);

        var xml = XRechnungCii.ToXml(document, SponsoringEInvoice.InputFor(fund, Sponsor, document.BankReference)).ToString();

        Assert.Contains($"<ram:CategoryCode>{category}</ram:CategoryCode>", xml, StringComparison.Ordinal);
    }

    private static FundInput WithSponsoring(SponsoringInput sponsoring)
    {
        var input = ValidatorTests.ValidFund();
        return input with { Sponsoring = sponsoring, Contact = input.Contact! with { Phone = "+49 6721 409-0" } };
    }
}
