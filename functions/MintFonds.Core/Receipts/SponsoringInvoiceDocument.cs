using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Receipts;

/// <summary>
/// An invoice for sponsoring (a contractual right to be named), never a donation receipt. VAT and gross are computed
/// here from net and <see cref="VatTreatment"/>, so the printed figures always add up to the cent.
/// </summary>
public sealed record SponsoringInvoiceDocument
{
    private SponsoringInvoiceDocument(
        string number,
        FundOperator issuer,
        string? issuerVatId,
        Addressee recipient,
        string serviceDescription,
        DatePeriod? servicePeriod,
        Euro net,
        VatTreatment vat,
        DateOnly issueDate,
        DateOnly paymentDate,
        string bankReference,
        Euro? gross = null)
    {
        Number = number;
        Issuer = issuer;
        IssuerVatId = issuerVatId;
        Recipient = recipient;
        ServiceDescription = serviceDescription;
        ServicePeriod = servicePeriod;
        Net = net;
        Vat = vat;
        // From a gross amount already paid, VAT is what remains after the net, so the three always add up to the payment.
        VatAmount = gross is { } paid ? paid - net : vat.VatOn(net);
        Gross = gross ?? net + VatAmount;
        IssueDate = issueDate;
        PaymentDate = paymentDate;
        BankReference = bankReference;
    }

    /// <summary>Sequential per fund and year, e.g. "S-2026-0001".</summary>
    public string Number { get; }

    public FundOperator Issuer { get; }

    /// <summary>The issuer's VAT identification number (USt-IdNr.), printed when known.</summary>
    public string? IssuerVatId { get; }

    public Addressee Recipient { get; }

    /// <summary>What the sponsor receives, e.g. "Nennung als Förderer im MINT-Regionalfonds …".</summary>
    public string ServiceDescription { get; }

    /// <summary>When the service is rendered (Leistungszeitraum), if agreed.</summary>
    public DatePeriod? ServicePeriod { get; }

    public Euro Net { get; }

    public VatTreatment Vat { get; }

    /// <summary>Net × rate, rounded half-up to the cent; zero when exempt.</summary>
    public Euro VatAmount { get; }

    public Euro Gross { get; }

    public DateOnly IssueDate { get; }

    /// <summary>The day the sponsor's payment was booked.</summary>
    public DateOnly PaymentDate { get; }

    /// <summary>The remittance reference the payment carried (Verwendungszweck).</summary>
    public string BankReference { get; }

    public static SponsoringInvoiceDocument Create(
        string number,
        FundOperator issuer,
        Addressee recipient,
        string serviceDescription,
        Euro net,
        VatTreatment vat,
        DateOnly issueDate,
        DateOnly paymentDate,
        string bankReference,
        string? issuerVatId = null,
        DatePeriod? servicePeriod = null)
    {
        DocumentRules.RequireText(number, nameof(number));
        DocumentRules.RequireIssuer(issuer);
        ArgumentNullException.ThrowIfNull(recipient);
        recipient.Check("Recipient");
        DocumentRules.RequireText(serviceDescription, nameof(serviceDescription));
        DocumentRules.RequirePositive(net, nameof(net));
        ArgumentNullException.ThrowIfNull(vat);
        DocumentRules.RequireText(bankReference, nameof(bankReference));
        if (issuerVatId is not null)
        {
            DocumentRules.RequireText(issuerVatId, nameof(issuerVatId));
        }

        return new SponsoringInvoiceDocument(
            number.Trim(), issuer, issuerVatId?.Trim(), recipient, serviceDescription.Trim(), servicePeriod, net, vat,
            issueDate, paymentDate, bankReference.Trim());
    }

    /// <summary>
    /// An invoice for a sponsoring payment already received: net = gross ÷ (1 + rate), rounded half-up to the cent, and
    /// VAT = gross − net, so net and VAT add up to exactly what the sponsor paid.
    /// </summary>
    public static SponsoringInvoiceDocument ForPaidGross(
        string number,
        FundOperator issuer,
        Addressee recipient,
        string serviceDescription,
        Euro gross,
        VatTreatment vat,
        DateOnly issueDate,
        DateOnly paymentDate,
        string bankReference,
        string? issuerVatId = null,
        DatePeriod? servicePeriod = null)
    {
        ArgumentNullException.ThrowIfNull(vat);

        // § 14 Abs. 4 Nr. 2 UStG: every invoice names the issuer's VAT id or tax number, exempt ones included.
        if (string.IsNullOrWhiteSpace(issuerVatId) && string.IsNullOrWhiteSpace(issuer?.TaxNumber))
        {
            throw new ArgumentException("An invoice needs the issuer's VAT id or tax number (§ 14 Abs. 4 Nr. 2 UStG).", nameof(issuerVatId));
        }

        var net = vat.IsExempt
            ? gross
            : new Euro((long)Math.Round(gross.Cents / (1m + (vat.RatePercent!.Value / 100m)), MidpointRounding.AwayFromZero));
        var checkedDocument = Create(number, issuer, recipient, serviceDescription, net, vat, issueDate, paymentDate, bankReference, issuerVatId);
        return new SponsoringInvoiceDocument(
            checkedDocument.Number, issuer, checkedDocument.IssuerVatId, recipient, checkedDocument.ServiceDescription, servicePeriod, net, vat,
            issueDate, paymentDate, checkedDocument.BankReference, gross);
    }
}
