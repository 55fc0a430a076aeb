using MintFonds.Core.Money;

namespace MintFonds.Core.Payments;

/// <summary>
/// What a GiroCode (EPC069-12) pre-fills in the payer's banking app. Text fields may hold umlauts and typographic
/// characters; <see cref="GiroCode"/> transliterates them to the SEPA Latin set before checking lengths.
/// </summary>
public sealed record GiroCodeTransfer
{
    /// <summary>Account holder receiving the money; at most 70 characters.</summary>
    public required string BeneficiaryName { get; init; }

    /// <summary>IBAN of the beneficiary; spaces and lower case are accepted and normalised.</summary>
    public required string Iban { get; init; }

    /// <summary>BIC of the beneficiary's bank; optional in version 002 (inside the EEA).</summary>
    public string? Bic { get; init; }

    /// <summary>Amount to pre-fill, 0.01 to 999,999,999.99 EUR; null lets the payer choose (e.g. a free donation).</summary>
    public Euro? Amount { get; init; }

    /// <summary>ISO 20022 purpose code, e.g. "CHAR" for a charitable payment; optional.</summary>
    public string? PurposeCode { get; init; }

    /// <summary>ISO 11649 creditor reference ("RF…"); excludes <see cref="RemittanceText"/>.</summary>
    public string? StructuredReference { get; init; }

    /// <summary>Free-text purpose ("Verwendungszweck"), at most 140 characters; should carry the pledge reference.</summary>
    public string? RemittanceText { get; init; }

    /// <summary>Hint shown to the payer only, not sent with the payment; at most 70 characters.</summary>
    public string? NoteToPayer { get; init; }
}
