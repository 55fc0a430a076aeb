namespace MintFonds.Core.Funds;

/// <summary>What the office sends to create or change a fund. Everything is optional here; <see cref="FundValidator"/> decides.</summary>
public sealed record FundInput
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Region { get; init; }

    public OperatorInput? Operator { get; init; }

    public BankAccountInput? BankAccount { get; init; }

    public SenderInput? Sender { get; init; }

    public ContactInput? Contact { get; init; }

    public FundingRules? Rules { get; init; }

    public string? ReferencePrefix { get; init; }

    public string? PrivacyNoticeVersion { get; init; }

    public SponsoringInput? Sponsoring { get; init; }

    public DecisionSettingsInput? Decisions { get; init; }

    public BrandingInput? Branding { get; init; }
}

public sealed record SponsoringInput
{
    public decimal? VatRatePercent { get; init; }

    public string? VatId { get; init; }

    public string? VatExemptionText { get; init; }

    public string? ServiceDescription { get; init; }

    /// <summary>Null: <see cref="EInvoiceFormat.PdfOnly"/>.</summary>
    public EInvoiceFormat? EInvoice { get; init; }

    public EInvoices.NoVatCategory? NoVatCategory { get; init; }

    public string? ExemptionReasonCode { get; init; }

    public string? InvoiceContactName { get; init; }

    public string? SellerIdentifier { get; init; }
}

public sealed record OperatorInput
{
    public string? LegalName { get; init; }

    public AddressInput? Address { get; init; }

    public string? PurposeText { get; init; }

    public string? ReceiptPlace { get; init; }

    public bool? MachineMadeReceipts { get; init; }

    /// <summary>The tax office the machine procedure was notified to (R 10b.1 Abs. 4 EStR).</summary>
    public string? TaxOffice { get; init; }

    public DateOnly? ProcedureNotifiedOn { get; init; }

    public string? SignatoryName { get; init; }

    public string? SignatoryFunction { get; init; }

    /// <summary>Steuernummer of the issuer (printed on invoices without a VAT id).</summary>
    public string? TaxNumber { get; init; }

    public PassOnInput? PassOn { get; init; }
}

/// <summary>Set when donations are passed on to another tax-privileged body.</summary>
public sealed record PassOnInput
{
    public string? Recipient { get; init; }

    public string? TaxOffice { get; init; }

    public string? TaxNumber { get; init; }

    public ExemptionNotice? Notice { get; init; }

    public DateOnly? NoticeDate { get; init; }
}

public sealed record AddressInput
{
    public string? Street { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    public string? Country { get; init; }
}

public sealed record BankAccountInput
{
    public string? AccountHolder { get; init; }

    public string? Iban { get; init; }

    public string? Bic { get; init; }

    public string? BankName { get; init; }
}

public sealed record SenderInput
{
    public string? Email { get; init; }

    public string? Name { get; init; }

    public string? ReplyTo { get; init; }
}

public sealed record ContactInput
{
    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Website { get; init; }

    public string? ImprintUrl { get; init; }

    public string? PrivacyUrl { get; init; }

    public string? LogoUrl { get; init; }

    public string? StatusPageUrl { get; init; }
}
