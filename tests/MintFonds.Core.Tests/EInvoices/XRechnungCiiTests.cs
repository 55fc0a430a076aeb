using MintFonds.Core.EInvoices;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using static MintFonds.Core.Tests.EInvoices.CiiReader;
using static MintFonds.Core.Tests.Receipts.ReceiptData;

namespace MintFonds.Core.Tests.EInvoices;

/// <summary>
/// The XRechnung 3.0 (EN 16931, CII D16B) made next to each sponsoring invoice PDF (§ 14 Abs. 4 UStG; mandatory
/// between businesses from 2027/2028 under § 27 Abs. 38 UStG). Every business term is read back by XPath.
/// </summary>
public sealed class XRechnungCiiTests
{
    private const string Sponsor = "Müller & Söhne Präzisionstechnik GmbH";
    private const string Service = "Nennung als Förderer im MINT-Regionalfonds Mainz-Bingen (Logo & Name auf der Website)";

    private static readonly Addressee Recipient = new(Sponsor, ["Mühlweg 3", "55218 Ingelheim am Rhein"]);

    [Fact]
    public void Every_mandatory_business_term_of_a_taxed_invoice_is_there()
    {
        var xml = Read(Taxed(Euro.FromDecimal(1000m), 19m), Input());

        Assert.Equal(XRechnungCii.BusinessProcessId, xml.Value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID")); // BT-23
        Assert.Equal("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", xml.Value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")); // BT-24
        Assert.Equal("S-2026-0001", xml.Value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID")); // BT-1
        Assert.Equal("380", xml.Value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode")); // BT-3
        Assert.Equal("20260320", xml.Value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")); // BT-2
        Assert.Equal("102", xml.Value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString/@format"));
        Assert.Equal("EUR", xml.Value(Settlement + "/ram:InvoiceCurrencyCode")); // BT-5
        Assert.Equal("MRF-SP-2026-0003", xml.Value(Agreement + "/ram:BuyerReference")); // BT-10, see the buyer-reference test

        // BG-14 invoicing period (the service period of § 14 Abs. 4 Nr. 6 UStG)
        Assert.Equal("20260401", xml.Value(Settlement + "/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString")); // BT-73
        Assert.Equal("20270331", xml.Value(Settlement + "/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString")); // BT-74

        // BG-4 seller
        Assert.Equal("Technische Hochschule Bingen", xml.Value(Seller + "/ram:Name")); // BT-27
        Assert.Equal("DE149123456", xml.Value(Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']")); // BT-31
        Assert.Equal(0, xml.Count(Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']")); // BT-32 not given
        Assert.Equal("Berlinstraße 109", xml.Value(Seller + "/ram:PostalTradeAddress/ram:LineOne")); // BT-35
        Assert.Equal("Bingen am Rhein", xml.Value(Seller + "/ram:PostalTradeAddress/ram:CityName")); // BT-37
        Assert.Equal("55411", xml.Value(Seller + "/ram:PostalTradeAddress/ram:PostcodeCode")); // BT-38
        Assert.Equal("DE", xml.Value(Seller + "/ram:PostalTradeAddress/ram:CountryID")); // BT-40
        Assert.Equal("mint-fonds@th-bingen.de", xml.Value(Seller + "/ram:URIUniversalCommunication/ram:URIID[@schemeID='EM']")); // BT-34
        Assert.Equal("Fondsbüro MINT-Regionalfonds", xml.Value(Seller + "/ram:DefinedTradeContact/ram:PersonName")); // BT-41
        Assert.Equal("+49 6721 409-0", xml.Value(Seller + "/ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber")); // BT-42
        Assert.Equal("mint-fonds@th-bingen.de", xml.Value(Seller + "/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID")); // BT-43

        // BG-7 buyer
        Assert.Equal(Sponsor, xml.Value(Buyer + "/ram:Name")); // BT-44
        Assert.Equal("buchhaltung@mueller-soehne.example", xml.Value(Buyer + "/ram:URIUniversalCommunication/ram:URIID[@schemeID='EM']")); // BT-49
        Assert.Equal("Mühlweg 3", xml.Value(Buyer + "/ram:PostalTradeAddress/ram:LineOne")); // BT-50
        Assert.Equal("Ingelheim am Rhein", xml.Value(Buyer + "/ram:PostalTradeAddress/ram:CityName")); // BT-52
        Assert.Equal("55218", xml.Value(Buyer + "/ram:PostalTradeAddress/ram:PostcodeCode")); // BT-53
        Assert.Equal("DE", xml.Value(Buyer + "/ram:PostalTradeAddress/ram:CountryID")); // BT-55

        // BG-16 / BG-17 payment instructions
        Assert.Equal("58", xml.Value(Settlement + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode")); // BT-81 SEPA credit transfer
        Assert.Equal("DE89370400440532013000", xml.Value(Settlement + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID")); // BT-84
        Assert.Equal("Technische Hochschule Bingen", xml.Value(Settlement + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:AccountName")); // BT-85
        Assert.Equal("COBADEFFXXX", xml.Value(Settlement + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID")); // BT-86
        Assert.Equal("MRF-SP-2026-0003", xml.Value(Settlement + "/ram:PaymentReference")); // BT-83

        // BT-20 instead of BT-9: the invoice is paid, nothing falls due (BR-CO-25 asks for either only when BT-115 > 0).
        var terms = xml.Value(Settlement + "/ram:SpecifiedTradePaymentTerms/ram:Description");
        Assert.Contains("18.03.2026", terms, StringComparison.Ordinal);
        Assert.Contains("MRF-SP-2026-0003", terms, StringComparison.Ordinal);
        Assert.False(terms.StartsWith('#'), "A leading # would be read as discount terms (XRechnung BR-DE-18).");
        Assert.Equal(0, xml.Count(Settlement + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime"));

        // BG-22 totals
        Assert.Equal(1000.00m, xml.Amount(Totals + "/ram:LineTotalAmount")); // BT-106
        Assert.Equal(0m, xml.Amount(Totals + "/ram:AllowanceTotalAmount")); // BT-107
        Assert.Equal(0m, xml.Amount(Totals + "/ram:ChargeTotalAmount")); // BT-108
        Assert.Equal(1000.00m, xml.Amount(Totals + "/ram:TaxBasisTotalAmount")); // BT-109
        Assert.Equal(190.00m, xml.Amount(Totals + "/ram:TaxTotalAmount")); // BT-110
        Assert.Equal("EUR", xml.Value(Totals + "/ram:TaxTotalAmount/@currencyID"));
        Assert.Equal(1190.00m, xml.Amount(Totals + "/ram:GrandTotalAmount")); // BT-112
        Assert.Equal(1190.00m, xml.Amount(Totals + "/ram:TotalPrepaidAmount")); // BT-113
        Assert.Equal(0m, xml.Amount(Totals + "/ram:DuePayableAmount")); // BT-115

        // BG-23 VAT breakdown
        Assert.Equal(1000.00m, xml.Amount(VatBreakdown + "/ram:BasisAmount")); // BT-116
        Assert.Equal(190.00m, xml.Amount(VatBreakdown + "/ram:CalculatedAmount")); // BT-117
        Assert.Equal("VAT", xml.Value(VatBreakdown + "/ram:TypeCode"));
        Assert.Equal("S", xml.Value(VatBreakdown + "/ram:CategoryCode")); // BT-118
        Assert.Equal("19", xml.Value(VatBreakdown + "/ram:RateApplicablePercent")); // BT-119
        Assert.Equal(0, xml.Count(VatBreakdown + "/ram:ExemptionReason")); // BR-S-10
        Assert.Equal(0, xml.Count(VatBreakdown + "/ram:ExemptionReasonCode"));

        // BG-25 the one line
        Assert.Equal(1, xml.Count(Line));
        Assert.Equal("1", xml.Value(Line + "/ram:AssociatedDocumentLineDocument/ram:LineID")); // BT-126
        Assert.Equal("1", xml.Value(Line + "/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")); // BT-129
        Assert.Equal("C62", xml.Value(Line + "/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode")); // BT-130
        Assert.Equal(1000.00m, xml.Amount(Line + "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")); // BT-131
        Assert.Equal(1000.00m, xml.Amount(Line + "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount")); // BT-146
        Assert.Equal("S", xml.Value(Line + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode")); // BT-151
        Assert.Equal("19", xml.Value(Line + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent")); // BT-152
        Assert.Equal(Service, xml.Value(Line + "/ram:SpecifiedTradeProduct/ram:Name")); // BT-153
    }

    public static TheoryData<string, decimal, decimal, decimal, decimal> Cases => new()
    {
        // case, net, VAT, gross as printed on the PDF, rate (0: exempt)
        { "19 %", 1000.00m, 190.00m, 1190.00m, 19m },
        { "7 %, half a cent rounds up", 12.50m, 0.88m, 13.38m, 7m },
        { "exempt", 500.00m, 0m, 500.00m, 0m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Totals_reconcile_with_the_invoice_document_to_the_cent(string name, decimal net, decimal vat, decimal gross, decimal rate)
    {
        var invoice = rate == 0m ? Exempt(Euro.FromDecimal(net)) : Taxed(Euro.FromDecimal(net), rate);
        var input = rate == 0m ? Input() with { NoVatCategory = NoVatCategory.Exempt } : Input();
        Assert.Equal(Euro.FromDecimal(vat), invoice.VatAmount);
        Assert.Equal(Euro.FromDecimal(gross), invoice.Gross);

        AssertTotals(Read(invoice, input), invoice, name);
    }

    [Fact]
    public void An_invoice_for_a_paid_gross_keeps_the_printed_figures_even_one_cent_off_the_rate()
    {
        // 13.00 € paid at 19 %: net 10.92, VAT 2.08 (gross − net), while 10.92 × 19 % = 2.0748 → 2.07. No net gives
        // exactly 13.00 here; the XML shows what the PDF prints and the sponsor paid. The CEN validation artefacts accept
        // less than one unit of difference in BR-S-09; the builder refuses more than one cent.
        var invoice = SponsoringInvoiceDocument.ForPaidGross(
            "S-2026-0002", Issuer, Recipient, Service, Euro.FromDecimal(13.00m), VatTreatment.Rate(19m), Day(3, 20), Day(3, 18),
            "MRF-SP-2026-0003", issuerVatId: "DE149123456");
        Assert.Equal(Euro.FromDecimal(2.08m), invoice.VatAmount);

        var xml = Read(invoice, Input());

        AssertTotals(xml, invoice, "paid gross");
        Assert.Equal(13.00m, xml.Amount(Totals + "/ram:TotalPrepaidAmount"));
    }

    [Fact]
    public void Seven_percent_is_category_S_with_rate_7()
    {
        var xml = Read(Taxed(Euro.FromDecimal(12.50m), 7m), Input());

        Assert.Equal("S", xml.Value(VatBreakdown + "/ram:CategoryCode"));
        Assert.Equal("7", xml.Value(VatBreakdown + "/ram:RateApplicablePercent"));
        Assert.Equal("7", xml.Value(Line + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent"));
    }

    [Fact]
    public void An_exempt_invoice_is_category_E_with_its_reason_text_and_code()
    {
        var xml = Read(
            Exempt(Euro.FromDecimal(500m)),
            Input() with { NoVatCategory = NoVatCategory.Exempt, ExemptionReasonCode = "VATEX-EU-132" });

        Assert.Equal("E", xml.Value(VatBreakdown + "/ram:CategoryCode")); // BT-118
        Assert.Equal("0", xml.Value(VatBreakdown + "/ram:RateApplicablePercent")); // BT-119, required by XRechnung BR-DE-14
        Assert.Equal("Steuerfrei nach § 4 Nr. 22 Buchst. a UStG.", xml.Value(VatBreakdown + "/ram:ExemptionReason")); // BT-120
        Assert.Equal("VATEX-EU-132", xml.Value(VatBreakdown + "/ram:ExemptionReasonCode")); // BT-121
        Assert.Equal(0m, xml.Amount(VatBreakdown + "/ram:CalculatedAmount")); // BR-E-09
        Assert.Equal("E", xml.Value(Line + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode")); // BT-151
        Assert.Equal("0", xml.Value(Line + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent")); // BR-E-05
        Assert.Equal(0m, xml.Amount(Totals + "/ram:TaxTotalAmount"));
    }

    [Fact]
    public void Not_subject_to_VAT_is_category_O_with_the_tax_number_and_no_VAT_ids()
    {
        var invoice = SponsoringInvoiceDocument.Create(
            "S-2026-0004", Issuer, Recipient, Service, Euro.FromDecimal(750m), VatTreatment.Exempt("Nicht steuerbar nach § 2b UStG."),
            Day(3, 20), Day(3, 18), "MRF-SP-2026-0004");
        var xml = Read(invoice, Input() with
        {
            NoVatCategory = NoVatCategory.NotSubjectToVat,
            SellerTaxId = new SellerTaxId(SellerTaxIdKind.TaxNumber, "08/650/01234"),
            SellerIdentifier = "Lieferant 4711",
        });

        Assert.Equal("O", xml.Value(VatBreakdown + "/ram:CategoryCode"));
        Assert.Equal("Nicht steuerbar nach § 2b UStG.", xml.Value(VatBreakdown + "/ram:ExemptionReason")); // BR-O-10
        Assert.Equal("0", xml.Value(VatBreakdown + "/ram:RateApplicablePercent")); // BR-DE-14
        Assert.Equal(0, xml.Count(Line + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent")); // BR-O-05
        Assert.Equal("08/650/01234", xml.Value(Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']")); // BT-32
        Assert.Equal(0, xml.Count(Transaction + "//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']")); // BR-O-02
        Assert.Equal("Lieferant 4711", xml.Value(Seller + "/ram:ID")); // BT-29 for BR-CO-26
        Assert.Equal(0, xml.Count(Settlement + "/ram:BillingSpecifiedPeriod")); // no period in the document, none invented
    }

    [Fact]
    public void A_tax_number_is_written_next_to_the_printed_VAT_id()
    {
        var xml = Read(Taxed(Euro.FromDecimal(100m), 19m), Input() with { SellerTaxId = new SellerTaxId(SellerTaxIdKind.TaxNumber, "08/650/01234") });

        Assert.Equal("DE149123456", xml.Value(Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"));
        Assert.Equal("08/650/01234", xml.Value(Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"));
    }

    [Fact]
    public void The_buyer_reference_is_the_sponsors_own_or_else_the_remittance_reference()
    {
        Assert.Equal("MRF-SP-2026-0003", Read(Taxed(Euro.FromDecimal(100m), 19m), Input()).Value(Agreement + "/ram:BuyerReference"));
        Assert.Equal(
            "04011000-1234512345-06",
            Read(Taxed(Euro.FromDecimal(100m), 19m), Input() with { BuyerReference = " 04011000-1234512345-06 " }).Value(Agreement + "/ram:BuyerReference"));
    }

    [Fact]
    public void Umlauts_and_ampersands_are_escaped_by_the_writer_in_UTF8_without_BOM()
    {
        var bytes = XRechnungCii.Build(Taxed(Euro.FromDecimal(100m), 19m), Input());
        var xml = new CiiReader(bytes);

        Assert.True(bytes.AsSpan().StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8), "No BOM, an XML declaration naming UTF-8 first.");
        Assert.Contains("Müller &amp; Söhne Präzisionstechnik GmbH", xml.Text, StringComparison.Ordinal);
        Assert.Contains("(Logo &amp; Name auf der Website)", xml.Text, StringComparison.Ordinal);
        Assert.True(bytes.AsSpan().IndexOf("M\u00fcller"u8) >= 0, "ü is written as its two UTF-8 bytes, not as a character reference.");
        Assert.Equal(Sponsor, xml.Value(Buyer + "/ram:Name"));
        Assert.Equal(Service, xml.Value(Line + "/ram:SpecifiedTradeProduct/ram:Name"));
        Assert.Equal("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", xml.Document.Root!.Name.NamespaceName);
    }

    [Fact]
    public void Aggregates_follow_the_CII_D16B_schema_order_and_no_element_is_empty()
    {
        var xml = Read(Taxed(Euro.FromDecimal(100m), 19m), Input() with { SellerTaxId = new SellerTaxId(SellerTaxIdKind.TaxNumber, "08/650/01234"), SellerIdentifier = "L-1" });

        Assert.Equal(["ExchangedDocumentContext", "ExchangedDocument", "SupplyChainTradeTransaction"], xml.ChildNames("/rsm:CrossIndustryInvoice"));
        Assert.Equal(["IncludedSupplyChainTradeLineItem", "ApplicableHeaderTradeAgreement", "ApplicableHeaderTradeDelivery", "ApplicableHeaderTradeSettlement"], xml.ChildNames(Transaction));
        Assert.Equal(["ID", "Name", "DefinedTradeContact", "PostalTradeAddress", "URIUniversalCommunication", "SpecifiedTaxRegistration", "SpecifiedTaxRegistration"], xml.ChildNames(Seller));
        Assert.Equal(["PostcodeCode", "LineOne", "CityName", "CountryID"], xml.ChildNames(Seller + "/ram:PostalTradeAddress"));
        Assert.Equal(["PaymentReference", "InvoiceCurrencyCode", "SpecifiedTradeSettlementPaymentMeans", "ApplicableTradeTax", "BillingSpecifiedPeriod", "SpecifiedTradePaymentTerms", "SpecifiedTradeSettlementHeaderMonetarySummation"], xml.ChildNames(Settlement));
        Assert.Equal(["CalculatedAmount", "TypeCode", "BasisAmount", "CategoryCode", "RateApplicablePercent"], xml.ChildNames(VatBreakdown));
        Assert.Equal(["LineTotalAmount", "ChargeTotalAmount", "AllowanceTotalAmount", "TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount", "TotalPrepaidAmount", "DuePayableAmount"], xml.ChildNames(Totals));
        Assert.Equal(["AssociatedDocumentLineDocument", "SpecifiedTradeProduct", "SpecifiedLineTradeAgreement", "SpecifiedLineTradeDelivery", "SpecifiedLineTradeSettlement"], xml.ChildNames(Line));

        // PEPPOL-EN16931-R008 (part of XRechnung 3.0): no empty elements, except the header delivery CII requires.
        var empty = xml.Document.Descendants().Where(e => !e.HasElements && string.IsNullOrWhiteSpace(e.Value) && e.Name.LocalName != "ApplicableHeaderTradeDelivery");
        Assert.Empty(empty);
    }

    [Fact]
    public void The_same_document_gives_the_same_bytes() =>
        Assert.Equal(XRechnungCii.Build(Taxed(Euro.FromDecimal(100m), 19m), Input()), XRechnungCii.Build(Taxed(Euro.FromDecimal(100m), 19m), Input()));

    public static TheoryData<string> Refusals => new()
    {
        "no contact phone", "contact phone without digits", "contact e-mail", "seller endpoint", "IBAN checksum", "account holder", "BIC shape",
        "buyer postcode", "buyer city", "buyer country name", "buyer e-mail", "buyer VAT id without country",
        "taxed with exemption category", "taxed with exemption code", "exempt without category", "exempt with VATEX-EU-O",
        "not subject with VAT id", "not subject with buyer VAT id", "no tax id at all", "tax number without seller identifier",
        "VAT id differs from the printed one", "unknown VATEX code", "blank buyer reference", "control character",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Missing_or_contradictory_mandatory_data_is_refused_rather_than_written(string what)
    {
        var taxed = Taxed(Euro.FromDecimal(100m), 19m);
        var exempt = Exempt(Euro.FromDecimal(100m));
        var withoutVatId = SponsoringInvoiceDocument.Create(
            "S-2026-0005", Issuer, Recipient, Service, Euro.FromDecimal(100m), VatTreatment.Rate(19m), Day(3, 20), Day(3, 18), "MRF-SP-2026-0005");
        var notSubject = SponsoringInvoiceDocument.Create(
            "S-2026-0006", Issuer, Recipient, Service, Euro.FromDecimal(100m), VatTreatment.Exempt("Nicht steuerbar nach § 2b UStG."),
            Day(3, 20), Day(3, 18), "MRF-SP-2026-0006");
        var input = Input();
        var (invoice, changed) = what switch
        {
            "no contact phone" => (taxed, input with { SellerContact = input.SellerContact with { Phone = " " } }),
            "contact phone without digits" => (taxed, input with { SellerContact = input.SellerContact with { Phone = "Zentrale" } }),
            "contact e-mail" => (taxed, input with { SellerContact = input.SellerContact with { Email = "fondsbuero" } }),
            "seller endpoint" => (taxed, input with { SellerElectronicAddress = "https://th-bingen.de" }),
            "IBAN checksum" => (taxed, input with { PayeeAccount = input.PayeeAccount with { Iban = "DE88370400440532013000" } }),
            "account holder" => (taxed, input with { PayeeAccount = input.PayeeAccount with { AccountHolder = "" } }),
            "BIC shape" => (taxed, input with { PayeeAccount = input.PayeeAccount with { Bic = "COBA-DE" } }),
            "buyer postcode" => (taxed, input with { BuyerAddress = input.BuyerAddress with { PostalCode = "" } }),
            "buyer city" => (taxed, input with { BuyerAddress = input.BuyerAddress with { City = " " } }),
            "buyer country name" => (taxed, input with { BuyerAddress = input.BuyerAddress with { Country = "Deutschland" } }),
            "buyer e-mail" => (taxed, input with { BuyerElectronicAddress = "" }),
            "buyer VAT id without country" => (taxed, input with { BuyerVatId = "123456789" }),
            "taxed with exemption category" => (taxed, input with { NoVatCategory = NoVatCategory.Exempt }),
            "taxed with exemption code" => (taxed, input with { ExemptionReasonCode = "VATEX-EU-132" }),
            "exempt without category" => (exempt, input),
            "exempt with VATEX-EU-O" => (exempt, input with { NoVatCategory = NoVatCategory.Exempt, ExemptionReasonCode = "VATEX-EU-O" }),
            "not subject with VAT id" => (notSubject, input with { NoVatCategory = NoVatCategory.NotSubjectToVat, SellerTaxId = new SellerTaxId(SellerTaxIdKind.VatId, "DE149123456") }),
            "not subject with buyer VAT id" => (notSubject, input with { NoVatCategory = NoVatCategory.NotSubjectToVat, SellerIdentifier = "L-1", BuyerVatId = "DE123456789" }),
            "no tax id at all" => (withoutVatId, input with { SellerIdentifier = "L-1" }),
            "tax number without seller identifier" => (withoutVatId, input with { SellerTaxId = new SellerTaxId(SellerTaxIdKind.TaxNumber, "08/650/01234") }),
            "VAT id differs from the printed one" => (taxed, input with { SellerTaxId = new SellerTaxId(SellerTaxIdKind.VatId, "DE999999999") }),
            "unknown VATEX code" => (exempt, input with { NoVatCategory = NoVatCategory.Exempt, ExemptionReasonCode = "§ 4 Nr. 22" }),
            "blank buyer reference" => (taxed, input with { BuyerReference = "  " }),
            "control character" => (taxed, input with { BuyerAddress = input.BuyerAddress with { Street = "Mühlweg\u0001 3" } }),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };

        Assert.ThrowsAny<ArgumentException>(() => XRechnungCii.Build(invoice, changed));
    }

    private static void AssertTotals(CiiReader xml, SponsoringInvoiceDocument invoice, string name)
    {
        var net = invoice.Net.ToDecimal();
        var vat = invoice.VatAmount.ToDecimal();
        var gross = invoice.Gross.ToDecimal();
        Assert.True(net + vat == gross, name);
        Assert.Equal(net, xml.Amount(Line + "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount")); // BT-146
        Assert.Equal(net, xml.Amount(Line + "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")); // BT-131
        Assert.Equal(net, xml.Amount(Totals + "/ram:LineTotalAmount")); // BT-106 = Σ BT-131 (BR-CO-10)
        Assert.Equal(net, xml.Amount(Totals + "/ram:TaxBasisTotalAmount")); // BT-109 (BR-CO-13)
        Assert.Equal(net, xml.Amount(VatBreakdown + "/ram:BasisAmount")); // BT-116
        Assert.Equal(vat, xml.Amount(VatBreakdown + "/ram:CalculatedAmount")); // BT-117
        Assert.Equal(vat, xml.Amount(Totals + "/ram:TaxTotalAmount")); // BT-110 = Σ BT-117 (BR-CO-14)
        Assert.Equal(gross, xml.Amount(Totals + "/ram:GrandTotalAmount")); // BT-112 = BT-109 + BT-110 (BR-CO-15)
        Assert.Equal(xml.Amount(Totals + "/ram:TaxBasisTotalAmount") + xml.Amount(Totals + "/ram:TaxTotalAmount"), xml.Amount(Totals + "/ram:GrandTotalAmount"));
        Assert.Equal(gross, xml.Amount(Totals + "/ram:TotalPrepaidAmount")); // BT-113
        Assert.Equal(0m, xml.Amount(Totals + "/ram:DuePayableAmount")); // BT-115 = BT-112 − BT-113 (BR-CO-16)
        foreach (var amount in xml.Document.Descendants().Where(e => e.Name.LocalName.EndsWith("Amount", StringComparison.Ordinal)))
        {
            Assert.Matches(@"^\d+\.\d{2}$", amount.Value); // two decimals, point (BR-DEC-*)
        }
    }

    private static CiiReader Read(SponsoringInvoiceDocument invoice, XRechnungInput input) => new(XRechnungCii.Build(invoice, input));

    private static SponsoringInvoiceDocument Taxed(Euro net, decimal rate) =>
        SponsoringInvoiceDocument.Create(
            "S-2026-0001", Issuer, Recipient, Service, net, VatTreatment.Rate(rate), Day(3, 20), Day(3, 18), "MRF-SP-2026-0003",
            issuerVatId: "DE 149 123 456", servicePeriod: new DatePeriod(Day(4, 1), new DateOnly(2027, 3, 31)));

    private static SponsoringInvoiceDocument Exempt(Euro net) =>
        SponsoringInvoiceDocument.Create(
            "S-2026-0003", Issuer, Recipient, Service, net, VatTreatment.Exempt("Steuerfrei nach § 4 Nr. 22 Buchst. a UStG."), Day(3, 20),
            Day(3, 18), "MRF-SP-2026-0003", issuerVatId: "DE149123456");

    private static XRechnungInput Input() => new()
    {
        SellerContact = new SellerContact("Fondsbüro MINT-Regionalfonds", "+49 6721 409-0", "mint-fonds@th-bingen.de"),
        PayeeAccount = new BankAccount("Technische Hochschule Bingen", "DE89 3704 0044 0532 0130 00", "cobadeffxxx", "Commerzbank"),
        BuyerAddress = new PostalAddress("Mühlweg 3", "55218", "Ingelheim am Rhein", "DE"),
        BuyerElectronicAddress = "buchhaltung@mueller-soehne.example",
    };
}
