using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;

namespace MintFonds.Core.EInvoices;

/// <summary>
/// Writes a sponsoring invoice (§ 14 Abs. 4 UStG) as a structured e-invoice: XRechnung 3.0, the German CIUS of
/// EN 16931, in the UN/CEFACT Cross Industry Invoice syntax (CII D16B). Between businesses in Germany such an e-invoice
/// must be issued from 2027 (2028 for small turnover; § 27 Abs. 38 UStG); it is made next to the PDF from the same
/// <see cref="SponsoringInvoiceDocument"/>, so both show the same number, dates and amounts to the cent.
/// </summary>
/// <remarks>
/// The invoice is one line (BT-126 "1", quantity 1 C62) for the service; it is already paid, so the paid amount BT-113 is
/// the gross and the amount due BT-115 is 0, and the payment terms BT-20 say when it was paid (no due date BT-9).
/// Everything is checked first (<see cref="XRechnungFacts"/>): missing or contradictory data throws
/// <see cref="ArgumentException"/>, never an invalid e-invoice. The XML is built with System.Xml.Linq, so every text is
/// escaped by the writer; characters XML 1.0 cannot carry make the writer throw an ArgumentException as well.
/// Pure and safe to call concurrently.
/// </remarks>
public static class XRechnungCii
{
    /// <summary>BT-24 Specification identifier of XRechnung 3.0.</summary>
    public const string SpecificationId = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";

    /// <summary>BT-23 Business process type; XRechnung 3.0 requires one (PEPPOL-EN16931-R001): Peppol billing.</summary>
    public const string BusinessProcessId = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

    public const string MediaType = "application/xml";

    public static readonly XNamespace Rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";

    public static readonly XNamespace Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";

    public static readonly XNamespace Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

    public static readonly XNamespace Qdt = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";

    private const string Currency = "EUR";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>The e-invoice as UTF-8 bytes without byte order mark, ready to store and attach.</summary>
    public static byte[] Build(SponsoringInvoiceDocument invoice, XRechnungInput input)
    {
        var document = ToXml(invoice, input);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            NewLineChars = "\n",
            CheckCharacters = true,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>The e-invoice as a tree (for tests and previews); <see cref="Build"/> writes exactly this.</summary>
    public static XDocument ToXml(SponsoringInvoiceDocument invoice, XRechnungInput input)
    {
        var facts = XRechnungFacts.Check(invoice, input);
        return new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(
                Rsm + "CrossIndustryInvoice",
                new XAttribute(XNamespace.Xmlns + "rsm", Rsm),
                new XAttribute(XNamespace.Xmlns + "qdt", Qdt),
                new XAttribute(XNamespace.Xmlns + "ram", Ram),
                new XAttribute(XNamespace.Xmlns + "udt", Udt),
                new XElement(
                    Rsm + "ExchangedDocumentContext",
                    new XElement(Ram + "BusinessProcessSpecifiedDocumentContextParameter", new XElement(Ram + "ID", BusinessProcessId)),
                    new XElement(Ram + "GuidelineSpecifiedDocumentContextParameter", new XElement(Ram + "ID", SpecificationId))),
                new XElement(
                    Rsm + "ExchangedDocument",
                    new XElement(Ram + "ID", invoice.Number), // BT-1
                    new XElement(Ram + "TypeCode", "380"), // BT-3 commercial invoice
                    new XElement(Ram + "IssueDateTime", Date(invoice.IssueDate))), // BT-2
                new XElement(
                    Rsm + "SupplyChainTradeTransaction",
                    Line(invoice, facts),
                    Agreement(invoice, facts),
                    new XElement(Ram + "ApplicableHeaderTradeDelivery"), // mandatory in CII, nothing is delivered physically
                    Settlement(invoice, facts))));
    }

    /// <summary>BG-25: the one invoice line.</summary>
    private static XElement Line(SponsoringInvoiceDocument invoice, XRechnungFacts facts) =>
        new(
            Ram + "IncludedSupplyChainTradeLineItem",
            new XElement(Ram + "AssociatedDocumentLineDocument", new XElement(Ram + "LineID", "1")), // BT-126
            new XElement(Ram + "SpecifiedTradeProduct", new XElement(Ram + "Name", invoice.ServiceDescription)), // BT-153
            new XElement(
                Ram + "SpecifiedLineTradeAgreement",
                new XElement(Ram + "NetPriceProductTradePrice", new XElement(Ram + "ChargeAmount", Amount(invoice.Net)))), // BT-146
            new XElement(
                Ram + "SpecifiedLineTradeDelivery",
                new XElement(Ram + "BilledQuantity", new XAttribute("unitCode", "C62"), "1")), // BT-129, BT-130
            new XElement(
                Ram + "SpecifiedLineTradeSettlement",
                new XElement(
                    Ram + "ApplicableTradeTax", // BG-30
                    new XElement(Ram + "TypeCode", "VAT"),
                    new XElement(Ram + "CategoryCode", facts.CategoryCode), // BT-151
                    // BT-152: the rate; 0 when exempt (BR-E-05); none when not subject to VAT (BR-O-05).
                    facts.CategoryCode == "O" ? null : new XElement(Ram + "RateApplicablePercent", Rate(invoice.Vat))),
                new XElement(
                    Ram + "SpecifiedTradeSettlementLineMonetarySummation",
                    new XElement(Ram + "LineTotalAmount", Amount(invoice.Net))))); // BT-131

    /// <summary>BT-10, BG-4 seller, BG-7 buyer.</summary>
    private static XElement Agreement(SponsoringInvoiceDocument invoice, XRechnungFacts facts)
    {
        var contact = facts.Contact;
        var seller = new XElement(
            Ram + "SellerTradeParty",
            facts.SellerIdentifier is { } id ? new XElement(Ram + "ID", id) : null, // BT-29
            new XElement(Ram + "Name", invoice.Issuer.LegalName), // BT-27
            new XElement(
                Ram + "DefinedTradeContact", // BG-6
                new XElement(Ram + "PersonName", contact.Name), // BT-41
                new XElement(Ram + "TelephoneUniversalCommunication", new XElement(Ram + "CompleteNumber", contact.Phone)), // BT-42
                new XElement(Ram + "EmailURIUniversalCommunication", new XElement(Ram + "URIID", contact.Email))), // BT-43
            Address(invoice.Issuer.Address), // BG-5
            Endpoint(facts.SellerElectronicAddress), // BT-34
            TaxRegistration("VA", facts.SellerVatId), // BT-31
            TaxRegistration("FC", facts.SellerTaxNumber)); // BT-32
        var buyer = new XElement(
            Ram + "BuyerTradeParty",
            new XElement(Ram + "Name", invoice.Recipient.Name), // BT-44
            Address(facts.BuyerAddress), // BG-8
            Endpoint(facts.BuyerElectronicAddress), // BT-49
            TaxRegistration("VA", facts.BuyerVatId)); // BT-48
        return new XElement(
            Ram + "ApplicableHeaderTradeAgreement",
            new XElement(Ram + "BuyerReference", facts.BuyerReference), // BT-10
            seller,
            buyer);
    }

    /// <summary>BT-5, BT-83, BG-16/17 payment, BG-23 VAT breakdown, BG-14 period, BT-20 terms, BG-22 totals.</summary>
    private static XElement Settlement(SponsoringInvoiceDocument invoice, XRechnungFacts facts)
    {
        var noVat = facts.CategoryCode != "S";
        return new XElement(
            Ram + "ApplicableHeaderTradeSettlement",
            new XElement(Ram + "PaymentReference", invoice.BankReference), // BT-83
            new XElement(Ram + "InvoiceCurrencyCode", Currency), // BT-5
            new XElement(
                Ram + "SpecifiedTradeSettlementPaymentMeans", // BG-16
                new XElement(Ram + "TypeCode", "58"), // BT-81 SEPA credit transfer
                new XElement(
                    Ram + "PayeePartyCreditorFinancialAccount", // BG-17
                    new XElement(Ram + "IBANID", facts.Iban), // BT-84
                    new XElement(Ram + "AccountName", facts.AccountHolder)), // BT-85
                facts.Bic is { } bic
                    ? new XElement(Ram + "PayeeSpecifiedCreditorFinancialInstitution", new XElement(Ram + "BICID", bic)) // BT-86
                    : null),
            new XElement(
                Ram + "ApplicableTradeTax", // BG-23
                new XElement(Ram + "CalculatedAmount", Amount(invoice.VatAmount)), // BT-117
                new XElement(Ram + "TypeCode", "VAT"),
                noVat ? new XElement(Ram + "ExemptionReason", invoice.Vat.ExemptionText) : null, // BT-120
                new XElement(Ram + "BasisAmount", Amount(invoice.Net)), // BT-116
                new XElement(Ram + "CategoryCode", facts.CategoryCode), // BT-118
                facts.ExemptionReasonCode is { } code ? new XElement(Ram + "ExemptionReasonCode", code) : null, // BT-121
                new XElement(Ram + "RateApplicablePercent", Rate(invoice.Vat))), // BT-119, always (XRechnung BR-DE-14)
            invoice.ServicePeriod is { } period
                ? new XElement(
                    Ram + "BillingSpecifiedPeriod", // BG-14
                    new XElement(Ram + "StartDateTime", Date(period.From)), // BT-73
                    new XElement(Ram + "EndDateTime", Date(period.To))) // BT-74
                : null,
            new XElement(Ram + "SpecifiedTradePaymentTerms", new XElement(Ram + "Description", PaymentTerms(invoice))), // BT-20
            new XElement(
                Ram + "SpecifiedTradeSettlementHeaderMonetarySummation", // BG-22
                new XElement(Ram + "LineTotalAmount", Amount(invoice.Net)), // BT-106
                new XElement(Ram + "ChargeTotalAmount", Amount(Euro.Zero)), // BT-108
                new XElement(Ram + "AllowanceTotalAmount", Amount(Euro.Zero)), // BT-107
                new XElement(Ram + "TaxBasisTotalAmount", Amount(invoice.Net)), // BT-109
                new XElement(Ram + "TaxTotalAmount", new XAttribute("currencyID", Currency), Amount(invoice.VatAmount)), // BT-110
                new XElement(Ram + "GrandTotalAmount", Amount(invoice.Gross)), // BT-112
                new XElement(Ram + "TotalPrepaidAmount", Amount(invoice.Gross)), // BT-113: paid already
                new XElement(Ram + "DuePayableAmount", Amount(Euro.Zero)))); // BT-115
    }

    /// <summary>BT-20. Never starts with "#", which XRechnung reserves for discount terms (BR-DE-18).</summary>
    private static string PaymentTerms(SponsoringInvoiceDocument invoice) =>
        string.Create(
            German,
            $"Der Rechnungsbetrag von {invoice.Gross.ToGermanString()} ist am {invoice.PaymentDate:dd.MM.yyyy} eingegangen "
            + $"(Verwendungszweck {invoice.BankReference}). Es ist nichts mehr zu zahlen.");

    private static XElement Address(PostalAddress address) =>
        new(
            Ram + "PostalTradeAddress",
            new XElement(Ram + "PostcodeCode", address.PostalCode.Trim()), // BT-38 / BT-53
            new XElement(Ram + "LineOne", address.Street.Trim()), // BT-35 / BT-50
            new XElement(Ram + "CityName", address.City.Trim()), // BT-37 / BT-52
            new XElement(Ram + "CountryID", address.Country)); // BT-40 / BT-55

    private static XElement Endpoint(string email) =>
        new(Ram + "URIUniversalCommunication", new XElement(Ram + "URIID", new XAttribute("schemeID", "EM"), email));

    private static XElement? TaxRegistration(string scheme, string? id) =>
        id is null ? null : new XElement(Ram + "SpecifiedTaxRegistration", new XElement(Ram + "ID", new XAttribute("schemeID", scheme), id));

    /// <summary>A date in UNTDID 2379 format 102 (CCYYMMDD).</summary>
    private static XElement Date(DateOnly day) =>
        new(Udt + "DateTimeString", new XAttribute("format", "102"), day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    /// <summary>Two decimals, point as separator (EN 16931 BR-DEC-*), no currency attribute (CII: only on BT-110).</summary>
    private static string Amount(Euro amount) => amount.ToDecimal().ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(VatTreatment vat) => (vat.RatePercent ?? 0m).ToString("0.##", CultureInfo.InvariantCulture);
}
