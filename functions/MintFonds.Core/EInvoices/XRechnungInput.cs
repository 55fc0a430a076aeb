using MintFonds.Core.Funds;

namespace MintFonds.Core.EInvoices;

/// <summary>
/// What a <see cref="Receipts.SponsoringInvoiceDocument"/> lacks for an XRechnung 3.0 (EN 16931): data the PDF does
/// not print but the e-invoice must carry, each field named after its business term (BT/BG). Everything here comes
/// from the fund's settings and the sponsor's row; nothing is guessed by <see cref="XRechnungCii"/>.
/// </summary>
public sealed record XRechnungInput
{
    /// <summary>
    /// The seller's VAT id (BT-31, schemeID "VA") or tax number (BT-32, schemeID "FC"). Null: only the VAT id printed on
    /// the invoice document (<see cref="Receipts.SponsoringInvoiceDocument.IssuerVatId"/>) is used. A taxed or exempt
    /// invoice needs one of the two (EN 16931 BR-S-02 / BR-E-02, XRechnung BR-DE-16).
    /// </summary>
    public SellerTaxId? SellerTaxId { get; init; }

    /// <summary>
    /// BT-29 Seller identifier, e.g. the supplier number the sponsor assigned. Needed when the invoice carries no seller
    /// VAT id, because EN 16931 BR-CO-26 requires BT-29, BT-30 or BT-31 so the buyer can identify the seller.
    /// </summary>
    public string? SellerIdentifier { get; init; }

    /// <summary>BG-6 Seller contact: XRechnung requires name, phone and e-mail (BR-DE-2, BR-DE-5/6/7).</summary>
    public required SellerContact SellerContact { get; init; }

    /// <summary>BT-34 Seller electronic address (an e-mail address, scheme "EM"); null: the contact's e-mail.</summary>
    public string? SellerElectronicAddress { get; init; }

    /// <summary>BG-17 the account the sponsor paid to: IBAN (BT-84), account holder (BT-85), BIC (BT-86, optional).</summary>
    public required BankAccount PayeeAccount { get; init; }

    /// <summary>BG-8 Buyer postal address, structured (the document only holds printed lines); country as ISO 3166-1 alpha-2.</summary>
    public required PostalAddress BuyerAddress { get; init; }

    /// <summary>BT-49 Buyer electronic address: the sponsor's e-mail address (scheme "EM").</summary>
    public required string BuyerElectronicAddress { get; init; }

    /// <summary>BT-48 Buyer VAT id, when the sponsor gave one.</summary>
    public string? BuyerVatId { get; init; }

    /// <summary>
    /// BT-10 Buyer reference, e.g. the Leitweg-ID of a public-sector sponsor or an order number the sponsor asked for.
    /// Null: the remittance reference of the payment (the document's bank reference), see <see cref="XRechnungCii"/>.
    /// </summary>
    public string? BuyerReference { get; init; }

    /// <summary>
    /// For an invoice without VAT: which EN 16931 category the exemption text means: "E" (exempt, e.g. § 4 UStG) or "O"
    /// (not subject to VAT, e.g. § 2b UStG). Required when the document is exempt; must be null when it is taxed.
    /// </summary>
    public NoVatCategory? NoVatCategory { get; init; }

    /// <summary>BT-121 VAT exemption reason code from the CEF VATEX list (e.g. "VATEX-EU-132", "VATEX-EU-O"); optional.</summary>
    public string? ExemptionReasonCode { get; init; }
}

/// <summary>How the seller is registered for tax: one identifier and its kind.</summary>
/// <param name="Kind">VAT id (USt-IdNr., BT-31) or tax number (Steuernummer, BT-32).</param>
/// <param name="Value">E.g. "DE149123456" or "08/650/01234".</param>
public sealed record SellerTaxId(SellerTaxIdKind Kind, string Value);

public enum SellerTaxIdKind
{
    /// <summary>Umsatzsteuer-Identifikationsnummer, BT-31, schemeID "VA"; starts with the country code (BR-CO-09).</summary>
    VatId,

    /// <summary>Steuernummer of the tax office, BT-32, schemeID "FC".</summary>
    TaxNumber,
}

/// <summary>BG-6 Seller contact: BT-41 contact point (a person or an office), BT-42 phone, BT-43 e-mail.</summary>
public sealed record SellerContact(string Name, string Phone, string Email);

/// <summary>The EN 16931 VAT category (UNTDID 5305) of an invoice that charges no VAT.</summary>
public enum NoVatCategory
{
    /// <summary>"E": exempt from tax, e.g. § 4 Nr. 21/22 UStG.</summary>
    Exempt,

    /// <summary>"O": not subject to VAT (services outside the scope of tax), e.g. § 2b UStG for a public body.</summary>
    NotSubjectToVat,
}
