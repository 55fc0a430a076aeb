using System.Text.RegularExpressions;
using MintFonds.Core.EInvoices;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Funds;

/// <summary>The e-invoice part of a fund's sponsoring settings (see <see cref="FundValidator"/>).</summary>
internal static partial class EInvoiceSettingsValidator
{
    /// <summary>
    /// The e-invoice settings. With <see cref="EInvoiceFormat.PdfAndXRechnung"/> everything the XRechnung builder
    /// (<see cref="EInvoices.XRechnungCii"/>) will demand is demanded here, so the office learns it when saving the fund,
    /// not when a sponsor's payment is refused an invoice.
    /// </summary>
    public static (EInvoiceFormat Format, NoVatCategory? Category, string? ReasonCode, string? ContactName, string? SellerIdentifier) Check(
        InputChecker check, SponsoringInput input, string? vatId, string? exemption, string? issuerTaxNumber, string? contactPhone)
    {
        var format = input.EInvoice ?? EInvoiceFormat.PdfOnly;
        var category = input.NoVatCategory;
        var contactName = check.Text("sponsoring.invoiceContactName", input.InvoiceContactName, 100, required: false);
        var sellerIdentifier = check.Text("sponsoring.sellerIdentifier", input.SellerIdentifier, 100, required: false);
        var reasonCode = check.Text("sponsoring.exemptionReasonCode", input.ExemptionReasonCode, 40, required: false)?.ToUpperInvariant();
        if (input.VatRatePercent is not null && (category is not null || reasonCode is not null))
        {
            // EN 16931 BR-S-10: a taxed invoice has no exemption category or reason.
            check.Add(category is not null ? "sponsoring.noVatCategory" : "sponsoring.exemptionReasonCode", "Nur zusammen mit einem Befreiungstext (vatExemptionText), nicht mit einem Umsatzsteuersatz.");
        }

        if (reasonCode is not null)
        {
            if (!VatexPattern().IsMatch(reasonCode))
            {
                check.Add("sponsoring.exemptionReasonCode", "Ein Code der VATEX-Liste, z. B. VATEX-EU-O (nicht steuerbar) oder VATEX-EU-132 (steuerfrei).");
            }
            else if (category is not null && (reasonCode == "VATEX-EU-O") != (category == NoVatCategory.NotSubjectToVat))
            {
                check.Add("sponsoring.exemptionReasonCode", "VATEX-EU-O gehört zu „nicht steuerbar“ (notSubjectToVat), jeder andere Code zu „steuerfrei“ (exempt).");
            }
        }

        if (format != EInvoiceFormat.PdfAndXRechnung)
        {
            return (format, category, reasonCode, contactName, sellerIdentifier);
        }

        // XRechnung BR-DE-2/5/6/7: the seller's contact with name, phone and e-mail (the e-mail is contact.email).
        if (string.IsNullOrWhiteSpace(contactPhone))
        {
            check.Add("contact.phone", "Für E-Rechnungen (XRechnung) ist eine Telefonnummer des Fonds nötig.");
        }

        if (contactName is null)
        {
            check.Add("sponsoring.invoiceContactName", "Für E-Rechnungen (XRechnung) den Namen der Ansprechperson oder Stelle angeben.");
        }

        if (exemption is not null && category is null)
        {
            check.Add("sponsoring.noVatCategory", "Für E-Rechnungen ohne Umsatzsteuer angeben, ob die Leistung steuerfrei (exempt) oder nicht steuerbar (notSubjectToVat) ist.");
        }

        if (category == NoVatCategory.NotSubjectToVat && vatId is not null)
        {
            // EN 16931 BR-O-02: an invoice outside the scope of VAT carries no VAT id of the seller.
            check.Add("sponsoring.vatId", "Eine nicht steuerbare E-Rechnung nennt keine USt-IdNr.: stattdessen die Steuernummer (operator.taxNumber) angeben.");
        }

        if (vatId is not null && !VatIdPattern().IsMatch(vatId.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()))
        {
            // EN 16931 BR-CO-09: BT-31 starts with the country code; a tax number belongs in operator.taxNumber.
            check.Add("sponsoring.vatId", "Für E-Rechnungen eine USt-IdNr. mit Länderkennung (z. B. DE123456789); eine Steuernummer gehört in operator.taxNumber.");
        }

        var carriesVatId = vatId is not null && category != NoVatCategory.NotSubjectToVat;
        if (!carriesVatId && sellerIdentifier is null && (vatId is not null || !string.IsNullOrWhiteSpace(issuerTaxNumber)))
        {
            // EN 16931 BR-CO-26: without the seller's VAT id, the buyer identifies the seller by BT-29.
            check.Add("sponsoring.sellerIdentifier", "E-Rechnungen ohne USt-IdNr. brauchen eine Kennung des Rechnungsstellers (z. B. GLN oder Lieferantennummer).");
        }

        return (format, category, reasonCode, contactName, sellerIdentifier);
    }

    [GeneratedRegex(@"\AVATEX-[A-Z]{2}-[A-Z0-9-]+\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex VatexPattern();

    /// <summary>The shape <see cref="XRechnungCii"/> accepts for BT-31 (blanks removed, upper case).</summary>
    [GeneratedRegex(@"\A[A-Z]{2}[A-Z0-9+*.]{2,13}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex VatIdPattern();
}
