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
        string bankReference)
    {
        Number = number;
        Issuer = issuer;
        IssuerVatId = issuerVatId;
        Recipient = recipient;
        ServiceDescription = serviceDescription;
        ServicePeriod = servicePeriod;
        Net = net;
        Vat = vat;
        VatAmount = vat.VatOn(net);
        Gross = net + VatAmount;
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
}
