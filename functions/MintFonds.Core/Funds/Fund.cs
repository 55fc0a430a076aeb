namespace MintFonds.Core.Funds;

/// <summary>A regional fund: one per region, each with its own operator, bank account, sender and rules.</summary>
public sealed record Fund
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Region { get; init; }

    /// <summary>The body that runs the fund and issues donation receipts.</summary>
    public required FundOperator Operator { get; init; }

    public required BankAccount BankAccount { get; init; }

    public required MailSender Sender { get; init; }

    public required FundContact Contact { get; init; }

    public required FundingRules Rules { get; init; }

    /// <summary>Prefix of human-friendly references, e.g. "MRF" in "MRF-2027-0042".</summary>
    public required string ReferencePrefix { get; init; }

    /// <summary>VAT data for sponsoring invoices; null: the fund takes no sponsoring, only donations.</summary>
    public SponsoringSettings? Sponsoring { get; init; }

    /// <summary>Version of the data-protection notice applicants must acknowledge; null accepts any version.</summary>
    public string? PrivacyNoticeVersion { get; init; }

    /// <summary>Assessment criteria and board quorum; null: <see cref="DecisionSettings.Default"/>.</summary>
    public DecisionSettings? Decisions { get; init; }

    /// <summary>The fund's own colours on its forms; null: <see cref="FundBranding.Default"/>.</summary>
    public FundBranding? Branding { get; init; }

    /// <summary>
    /// The uploaded logo (<c>PUT /manage/funds/{id}/logo</c>); null: none uploaded (documents print none, the forms and
    /// e-mails fall back to <see cref="FundContact.LogoUrl"/>). Never part of <see cref="FundInput"/>: a settings change or
    /// a copy never sets it.
    /// </summary>
    public FundLogo? Logo { get; init; }

    public FundStatus Status { get; init; } = FundStatus.Active;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }
}

public enum FundStatus
{
    Active,
    Closed,
}

/// <summary>Issuer data as it appears on donation receipts.</summary>
/// <param name="PurposeText">The tax-privileged purpose as the template's sentence needs it: "Förderung der …" / "Förderung des …".</param>
/// <param name="MachineMadeReceipts">
/// Receipts are made by machine and valid without a handwritten signature. Allowed only with <see cref="MachineProcedure"/>
/// (R 10b.1 Abs. 4 EStR); otherwise receipts are printed for signing by the office and never e-mailed as if valid.
/// </param>
public sealed record FundOperator(
    string LegalName,
    PostalAddress Address,
    string PurposeText,
    string ReceiptPlace,
    bool MachineMadeReceipts)
{
    /// <summary>The tax office the machine procedure was notified to, and when (R 10b.1 Abs. 4 EStR).</summary>
    public MachineProcedure? MachineProcedure { get; init; }

    /// <summary>Who signs (in person, or as printed facsimile on machine-made receipts).</summary>
    public Signatory? Signatory { get; init; }

    /// <summary>SHA-256 of the uploaded facsimile signature (PNG); null when none is printed.</summary>
    public string? FacsimileSha256 { get; init; }

    /// <summary>Set when the fund passes donations on to another tax-privileged body instead of using them itself.</summary>
    public PassOnSettings? PassOn { get; init; }

    /// <summary>The issuer's tax number (Steuernummer), printed on invoices when it has no VAT id (§ 14 Abs. 4 Nr. 2 UStG).</summary>
    public string? TaxNumber { get; init; }

    /// <summary>Machine-made receipts are valid only when the procedure was notified and a signatory is named.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IssuesMachineMadeReceipts => MachineMadeReceipts && MachineProcedure is not null && Signatory is not null;
}

/// <summary>The notification of the machine procedure to the tax office (R 10b.1 Abs. 4 EStR).</summary>
public sealed record MachineProcedure(string TaxOffice, DateOnly NotifiedOn);

public sealed record Signatory(string Name, string Function);

/// <summary>
/// The tax-privileged body donations are passed on to, and its exemption as the template's gap needs it: "vom Finanzamt
/// {TaxOffice}, StNr. {TaxNumber}, mit Freistellungsbescheid bzw. nach der Anlage zum Körperschaftsteuerbescheid vom {date}".
/// </summary>
public sealed record PassOnSettings(string Recipient, string TaxOffice, string TaxNumber, ExemptionNotice Notice, DateOnly NoticeDate);

public enum ExemptionNotice
{
    /// <summary>Freistellungsbescheid: valid for receipts for 5 years (§ 63 Abs. 5 AO).</summary>
    Freistellungsbescheid,

    /// <summary>Anlage zum Körperschaftsteuerbescheid: valid for receipts for 5 years (§ 63 Abs. 5 AO).</summary>
    AnlageKoerperschaftsteuerbescheid,

    /// <summary>Feststellung nach § 60a AO: valid for 3 years (§ 63 Abs. 5 AO).</summary>
    Feststellungsbescheid60a,
}

public sealed record PostalAddress(string Street, string PostalCode, string City, string Country);

/// <summary>
/// How sponsoring is invoiced: either a VAT rate (with the issuer's VAT id) or an exemption text, and what the
/// sponsor receives in return (the service on the invoice); and whether an e-invoice (XRechnung) goes with the PDF.
/// </summary>
public sealed record SponsoringSettings(decimal? VatRatePercent, string? VatId, string? VatExemptionText, string ServiceDescription)
{
    /// <summary>PDF only (the default), or the PDF and an XRechnung 3.0 (EN 16931, CII) of the same invoice.</summary>
    public EInvoiceFormat EInvoice { get; init; } = EInvoiceFormat.PdfOnly;

    /// <summary>For an invoice without VAT: what the exemption text means in EN 16931 terms (category E or O).</summary>
    public EInvoices.NoVatCategory? NoVatCategory { get; init; }

    /// <summary>BT-121: the reason as a code of the CEF VATEX list (e.g. "VATEX-EU-O"); optional, only with an exemption.</summary>
    public string? ExemptionReasonCode { get; init; }

    /// <summary>BT-41: the person or office named as the seller's contact on e-invoices (with the fund's phone and e-mail).</summary>
    public string? InvoiceContactName { get; init; }

    /// <summary>
    /// BT-29 Seller identifier (e.g. a GLN or the supplier number sponsors know the fund by). An e-invoice without the
    /// seller's VAT id needs it (EN 16931 BR-CO-26): with only a tax number, and always when not subject to VAT.
    /// </summary>
    public string? SellerIdentifier { get; init; }
}

/// <summary>What a sponsoring invoice is issued as.</summary>
public enum EInvoiceFormat
{
    /// <summary>The PDF only.</summary>
    PdfOnly,

    /// <summary>The PDF and, beside it, the same invoice as XRechnung 3.0 in CII syntax (§ 27 Abs. 38 UStG).</summary>
    PdfAndXRechnung,
}

public sealed record BankAccount(string AccountHolder, string Iban, string? Bic, string BankName);

public sealed record MailSender(string Email, string Name, string? ReplyTo);

/// <param name="StatusPageUrl">The page of the fund's website that shows an application's status; the link in
/// e-mails is this URL with "#{fundId}/{reference}/{token}" appended (a fragment never reaches a server log).</param>
public sealed record FundContact(
    string Email, string? Phone, string? Website, string? ImprintUrl, string? PrivacyUrl, string? LogoUrl, string? StatusPageUrl = null);
