namespace MintFonds.Core.Receipts;

/// <summary>The "Art der Zuwendung" column of a collective receipt's annex; the printed words live in the wording file.</summary>
public enum ContributionType
{
    /// <summary>Geldzuwendung.</summary>
    MoneyDonation,

    /// <summary>Mitgliedsbeitrag.</summary>
    MembershipFee,
}
