using MintFonds.Core.Money;

namespace MintFonds.Core.Receipts;

/// <summary>How VAT applies to a sponsoring invoice: a rate in percent, or an exemption stated in words.</summary>
public sealed record VatTreatment
{
    private VatTreatment(decimal? ratePercent, string? exemptionText)
    {
        RatePercent = ratePercent;
        ExemptionText = exemptionText;
    }

    /// <summary>The VAT rate, e.g. 19; null when exempt.</summary>
    public decimal? RatePercent { get; }

    /// <summary>The printed reason no VAT is charged (e.g. a § of the UStG); null when taxed.</summary>
    public string? ExemptionText { get; }

    public bool IsExempt => ExemptionText is not null;

    /// <summary>A rate above 0 and below 100 percent with at most two decimals (7, 19, 5.5 …).</summary>
    public static VatTreatment Rate(decimal percent)
    {
        if (percent <= 0m || percent >= 100m || decimal.Round(percent, 2) != percent)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A VAT rate lies between 0 and 100 percent, at most two decimals.");
        }

        return new VatTreatment(percent, null);
    }

    /// <summary>No VAT; the text says why and is printed on the invoice.</summary>
    public static VatTreatment Exempt(string exemptionText)
    {
        DocumentRules.RequireText(exemptionText, nameof(exemptionText));
        return new VatTreatment(null, exemptionText.Trim());
    }

    /// <summary>
    /// The VAT on a net amount in whole cents: net × rate / 100, rounded half-up to the cent (0.5 cent and more rounds
    /// up), the usual commercial rounding. Computed in decimal on whole cents, so no binary floating point is involved;
    /// net amounts are positive, so "away from zero" is half-up.
    /// </summary>
    public Euro VatOn(Euro net)
    {
        if (RatePercent is not { } rate)
        {
            return Euro.Zero;
        }

        var cents = decimal.Round(net.Cents * rate / 100m, 0, MidpointRounding.AwayFromZero);
        return new Euro((long)cents);
    }
}
