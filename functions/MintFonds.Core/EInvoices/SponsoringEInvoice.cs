using MintFonds.Core.Funds;
using MintFonds.Core.Pledges;

namespace MintFonds.Core.EInvoices;

/// <summary>
/// What a fund's settings and the invoiced sponsor contribute to an XRechnung beside the PDF: the seller's tax id and
/// contact, the account paid to, and the buyer as printed on the invoice. Pure; <see cref="XRechnungCii"/> checks the rest.
/// </summary>
public static class SponsoringEInvoice
{
    /// <summary>Whether the fund issues an XRechnung with each sponsoring invoice.</summary>
    public static bool IsIssuedBy(Fund fund) => fund.Sponsoring?.EInvoice == EInvoiceFormat.PdfAndXRechnung;

    /// <param name="fund">The issuing fund (its sponsoring settings, contact and bank account).</param>
    /// <param name="buyer">The sponsor as printed on the invoice: the address and e-mail address of the same details.</param>
    /// <param name="remittanceReference">The reference the sponsor's transfer carried: BT-10, so their accounts payable can match it.</param>
    public static XRechnungInput InputFor(Fund fund, SponsorDetails buyer, string remittanceReference)
    {
        ArgumentNullException.ThrowIfNull(fund);
        ArgumentNullException.ThrowIfNull(buyer);
        var settings = fund.Sponsoring ?? throw new ArgumentException($"Fund {fund.Id} has no sponsoring settings.", nameof(fund));

        // BR-O-02: an invoice not subject to VAT names the tax number, never the VAT id; otherwise the VAT id printed on
        // the PDF wins, and the tax number is the fallback (§ 14 Abs. 4 Nr. 2 UStG).
        var taxId = settings.VatId is { } vatId && settings.NoVatCategory != NoVatCategory.NotSubjectToVat
            ? new SellerTaxId(SellerTaxIdKind.VatId, vatId)
            : fund.Operator.TaxNumber is { } taxNumber ? new SellerTaxId(SellerTaxIdKind.TaxNumber, taxNumber) : null;
        return new XRechnungInput
        {
            SellerTaxId = taxId,
            SellerIdentifier = settings.SellerIdentifier,
            SellerContact = new SellerContact(settings.InvoiceContactName ?? string.Empty, fund.Contact.Phone ?? string.Empty, fund.Contact.Email),
            PayeeAccount = fund.BankAccount,
            BuyerAddress = buyer.Address,
            BuyerElectronicAddress = buyer.Email,
            BuyerReference = remittanceReference,
            NoVatCategory = settings.VatExemptionText is null ? null : settings.NoVatCategory,
            ExemptionReasonCode = settings.VatExemptionText is null ? null : settings.ExemptionReasonCode,
        };
    }
}
