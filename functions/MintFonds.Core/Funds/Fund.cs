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
public sealed record FundOperator(
    string LegalName,
    PostalAddress Address,
    string PurposeText,
    string ReceiptPlace,
    bool MachineMadeReceipts);

public sealed record PostalAddress(string Street, string PostalCode, string City, string Country);

/// <summary>
/// How sponsoring is invoiced: either a VAT rate (with the issuer's VAT id) or an exemption text, and what the
/// sponsor receives in return (the service on the invoice).
/// </summary>
public sealed record SponsoringSettings(decimal? VatRatePercent, string? VatId, string? VatExemptionText, string ServiceDescription);

public sealed record BankAccount(string AccountHolder, string Iban, string? Bic, string BankName);

public sealed record MailSender(string Email, string Name, string? ReplyTo);

/// <param name="StatusPageUrl">The page of the fund's website that shows an application's status; the link in
/// e-mails is this URL with "#{fundId}/{reference}/{token}" appended (a fragment never reaches a server log).</param>
public sealed record FundContact(
    string Email, string? Phone, string? Website, string? ImprintUrl, string? PrivacyUrl, string? LogoUrl, string? StatusPageUrl = null);
