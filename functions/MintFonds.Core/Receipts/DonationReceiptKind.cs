namespace MintFonds.Core.Receipts;

public enum DonationReceiptKind
{
    /// <summary>One donation: amount, amount in words and the day of the donation.</summary>
    Individual,

    /// <summary>Sammelbestätigung: several donations of one donor in a period, listed in an annex.</summary>
    Collective,
}
