namespace MintFonds.Core.Receipts;

/// <summary>
/// Whether the issuer uses the donation itself or passes it on to another tax-exempt body. The receipt prints only the
/// passage that applies, as the official template asks.
/// </summary>
public sealed record DonationUse
{
    private DonationUse(string? recipient, string? exemption)
    {
        Recipient = recipient;
        Exemption = exemption;
    }

    /// <summary>The issuer uses the money directly for the stated purpose (the normal case for the fund).</summary>
    public static DonationUse Direct { get; } = new(null, null);

    public bool IsPassedOn => Recipient is not null;

    /// <summary>Name of the body the money is passed on to; null when used directly.</summary>
    public string? Recipient { get; }

    /// <summary>
    /// Who exempted that body and how, as the template's gap "vom Finanzamt … StNr. … mit Freistellungsbescheid bzw.
    /// nach der Anlage zum Körperschaftsteuerbescheid vom …" is filled, e.g. "Finanzamt Bingen-Alzey, StNr. 08/123/45678,
    /// mit Freistellungsbescheid vom 01.02.2025".
    /// </summary>
    public string? Exemption { get; }

    /// <summary>The money is passed on, as the donor asked, to a body exempt from corporation and trade tax.</summary>
    public static DonationUse PassedOnTo(string recipient, string exemption)
    {
        DocumentRules.RequireText(recipient, nameof(recipient));
        DocumentRules.RequireText(exemption, nameof(exemption));
        return new DonationUse(recipient.Trim(), exemption.Trim());
    }
}
