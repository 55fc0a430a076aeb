using System.Text.RegularExpressions;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Core.Validation;

namespace MintFonds.Core.EInvoices;

/// <summary>
/// The checked values of one XRechnung: every rule of EN 16931 and the XRechnung 3.0 CIUS (BR-DE-*) that this data can
/// break is checked here, before any XML exists, and a violation throws <see cref="ArgumentException"/> naming the rule.
/// An e-invoice that a validator would reject is never written: the fund office fixes the settings instead.
/// </summary>
internal sealed partial record XRechnungFacts
{
    public required string? SellerIdentifier { get; init; }

    public required string? SellerVatId { get; init; }

    public required string? SellerTaxNumber { get; init; }

    public required SellerContact Contact { get; init; }

    public required string SellerElectronicAddress { get; init; }

    public required string Iban { get; init; }

    public required string AccountHolder { get; init; }

    public required string? Bic { get; init; }

    public required PostalAddress BuyerAddress { get; init; }

    public required string BuyerElectronicAddress { get; init; }

    public required string? BuyerVatId { get; init; }

    public required string BuyerReference { get; init; }

    /// <summary>UNTDID 5305: "S" (taxed, any positive rate incl. 7 %), "E" (exempt) or "O" (not subject to VAT).</summary>
    public required string CategoryCode { get; init; }

    public required string? ExemptionReasonCode { get; init; }

    public static XRechnungFacts Check(SponsoringInvoiceDocument invoice, XRechnungInput input)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(input);

        RequireCountry(invoice.Issuer.Address.Country, "Issuer.Address.Country (BT-40)");
        if (invoice.Net + invoice.VatAmount != invoice.Gross)
        {
            throw new ArgumentException("Net + VAT must equal gross (EN 16931 BR-CO-15).", nameof(invoice));
        }

        var category = Category(invoice, input);
        var (vatId, taxNumber) = SellerTax(invoice, input, category);
        var sellerIdentifier = Optional(input.SellerIdentifier, nameof(input.SellerIdentifier));
        if (vatId is null && sellerIdentifier is null)
        {
            throw new ArgumentException(
                "Without a seller VAT id the e-invoice needs a seller identifier (EN 16931 BR-CO-26: BT-29, BT-30 or BT-31).",
                nameof(input));
        }

        var contact = input.SellerContact ?? throw new ArgumentException("The seller contact is required (XRechnung BR-DE-2).", nameof(input));
        Require(contact.Name, "SellerContact.Name (BT-41, XRechnung BR-DE-5)");
        if (!PhoneNumber.IsValid(contact.Phone))
        {
            throw new ArgumentException("SellerContact.Phone (BT-42, XRechnung BR-DE-6/BR-DE-27) is not a phone number.", nameof(input));
        }

        RequireEmail(contact.Email, "SellerContact.Email (BT-43, XRechnung BR-DE-7/BR-DE-28)");
        var sellerEndpoint = input.SellerElectronicAddress ?? contact.Email;
        RequireEmail(sellerEndpoint, "SellerElectronicAddress (BT-34)");

        var account = input.PayeeAccount ?? throw new ArgumentException("The payee account is required (XRechnung BR-DE-23-a).", nameof(input));
        if (!Validation.Iban.IsValid(account.Iban))
        {
            throw new ArgumentException("PayeeAccount.Iban (BT-84) is not a valid IBAN (XRechnung BR-DE-19).", nameof(input));
        }

        Require(account.AccountHolder, "PayeeAccount.AccountHolder (BT-85)");
        var bic = Optional(account.Bic, "PayeeAccount.Bic");
        if (bic is not null && !Validation.Bic.IsValid(bic))
        {
            throw new ArgumentException("PayeeAccount.Bic (BT-86) is not a BIC.", nameof(input));
        }

        var buyer = input.BuyerAddress ?? throw new ArgumentException("The buyer's postal address is required (BG-8).", nameof(input));
        Require(buyer.Street, "BuyerAddress.Street (BT-50)");
        Require(buyer.City, "BuyerAddress.City (BT-52, XRechnung BR-DE-8)");
        Require(buyer.PostalCode, "BuyerAddress.PostalCode (BT-53, XRechnung BR-DE-9)");
        RequireCountry(buyer.Country, "BuyerAddress.Country (BT-55)");
        RequireEmail(input.BuyerElectronicAddress, "BuyerElectronicAddress (BT-49)");
        var buyerVatId = VatId(Optional(input.BuyerVatId, nameof(input.BuyerVatId)), "BuyerVatId (BT-48)");
        if (category == "O" && buyerVatId is not null)
        {
            throw new ArgumentException("An invoice not subject to VAT must not carry the buyer's VAT id (EN 16931 BR-O-02).", nameof(input));
        }

        return new XRechnungFacts
        {
            SellerIdentifier = sellerIdentifier,
            SellerVatId = vatId,
            SellerTaxNumber = taxNumber,
            Contact = new SellerContact(contact.Name.Trim(), contact.Phone.Trim(), contact.Email.Trim()),
            SellerElectronicAddress = sellerEndpoint.Trim(),
            Iban = Validation.Iban.Canonical(account.Iban),
            AccountHolder = account.AccountHolder.Trim(),
            Bic = bic?.ToUpperInvariant(),
            BuyerAddress = new PostalAddress(buyer.Street.Trim(), buyer.PostalCode.Trim(), buyer.City.Trim(), buyer.Country),
            BuyerElectronicAddress = input.BuyerElectronicAddress.Trim(),
            BuyerVatId = buyerVatId,
            // BT-10 is mandatory in XRechnung (BR-DE-15). A sponsor's own reference (Leitweg-ID, order number) wins;
            // otherwise the remittance reference: it was assigned with the pledge, the sponsor's transfer carried it,
            // so their accounts payable can match the invoice with it, which "n/a" would not allow.
            BuyerReference = Optional(input.BuyerReference, nameof(input.BuyerReference)) ?? invoice.BankReference,
            CategoryCode = category,
            ExemptionReasonCode = ExemptionCode(input.ExemptionReasonCode, category),
        };
    }

    private static string Category(SponsoringInvoiceDocument invoice, XRechnungInput input)
    {
        if (invoice.Vat.RatePercent is { } rate)
        {
            if (input.NoVatCategory is not null || input.ExemptionReasonCode is not null)
            {
                throw new ArgumentException(
                    "A taxed invoice has no exemption category or reason code (EN 16931 BR-S-10).", nameof(input));
            }

            // BR-S-09: BT-117 = BT-116 × BT-119 / 100. The CEN validation artefacts accept less than one currency unit of
            // difference; a document made from a paid gross (VAT = gross − net) is at most one cent off, which keeps the
            // XML equal to the printed PDF. More than that would be an error upstream.
            var exact = invoice.Vat.VatOn(invoice.Net);
            if (Math.Abs(exact.Cents - invoice.VatAmount.Cents) > 1)
            {
                throw new ArgumentException(
                    $"VAT {invoice.VatAmount} is not {rate} % of {invoice.Net} (EN 16931 BR-S-09).", nameof(invoice));
            }

            return "S";
        }

        if (invoice.VatAmount != Euro.Zero)
        {
            throw new ArgumentException("An invoice without VAT must show 0 € VAT (EN 16931 BR-E-09/BR-O-09).", nameof(invoice));
        }

        return input.NoVatCategory switch
        {
            NoVatCategory.Exempt => "E",
            NoVatCategory.NotSubjectToVat => "O",
            _ => throw new ArgumentException(
                "An invoice without VAT needs its category: exempt (E) or not subject to VAT (O) (EN 16931 BT-118).", nameof(input)),
        };
    }

    private static (string? VatId, string? TaxNumber) SellerTax(SponsoringInvoiceDocument invoice, XRechnungInput input, string category)
    {
        var printed = VatId(invoice.IssuerVatId, "IssuerVatId (BT-31)");
        string? vatId = printed;
        string? taxNumber = null;
        if (input.SellerTaxId is { } given)
        {
            Require(given.Value, "SellerTaxId.Value");
            switch (given.Kind)
            {
                case SellerTaxIdKind.VatId:
                    var normalized = VatId(given.Value, "SellerTaxId (BT-31)");
                    if (printed is not null && printed != normalized)
                    {
                        throw new ArgumentException(
                            $"The seller VAT id {normalized} differs from the one printed on the invoice ({printed}).", nameof(input));
                    }

                    vatId = normalized;
                    break;
                case SellerTaxIdKind.TaxNumber:
                    taxNumber = given.Value.Trim();
                    break;
                default:
                    throw new ArgumentException($"Unknown kind of seller tax id: {given.Kind}.", nameof(input));
            }
        }

        if (category == "O" && vatId is not null)
        {
            throw new ArgumentException(
                "An invoice not subject to VAT must not carry the seller's VAT id (EN 16931 BR-O-02); give the tax number instead.",
                nameof(input));
        }

        if (category != "O" && vatId is null && taxNumber is null)
        {
            throw new ArgumentException(
                "A taxed or exempt invoice needs the seller's VAT id or tax number (EN 16931 BR-S-02/BR-E-02, XRechnung BR-DE-16; § 14 Abs. 4 Nr. 2 UStG).",
                nameof(input));
        }

        return (vatId, taxNumber);
    }

    private static string? ExemptionCode(string? code, string category)
    {
        var trimmed = Optional(code, "ExemptionReasonCode");
        if (trimmed is null)
        {
            return null;
        }

        var upper = trimmed.ToUpperInvariant();
        if (!VatexCode().IsMatch(upper))
        {
            throw new ArgumentException($"{trimmed} is not a code of the VATEX list (BT-121, EN 16931 BR-CL-22).", nameof(code));
        }

        var meansOutOfScope = upper == "VATEX-EU-O";
        if (meansOutOfScope != (category == "O"))
        {
            throw new ArgumentException($"The exemption code {upper} does not fit VAT category {category}.", nameof(code));
        }

        return upper;
    }

    private static string? VatId(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        var normalized = new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return VatIdShape().IsMatch(normalized)
            ? normalized
            : throw new ArgumentException($"{name} must start with its ISO 3166-1 country code (EN 16931 BR-CO-09).", name);
    }

    private static string? Optional(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        Require(value, name);
        return value.Trim();
    }

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }
    }

    private static void RequireEmail(string? value, string name)
    {
        if (!EmailAddress.IsValid(value?.Trim()))
        {
            throw new ArgumentException($"{name} is not an e-mail address.", name);
        }
    }

    private static void RequireCountry(string? value, string name)
    {
        if (value is null || value.Length != 2 || !value.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"{name} must be an ISO 3166-1 alpha-2 code such as \"DE\".", name);
        }
    }

    [GeneratedRegex("^[A-Z]{2}[A-Z0-9+*.]{2,13}$", RegexOptions.CultureInvariant)]
    private static partial Regex VatIdShape();

    [GeneratedRegex("^VATEX-[A-Z]{2}-[A-Z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VatexCode();
}
