using MintFonds.Core.Pledges;

namespace MintFonds.Core.Receipts;

/// <summary>
/// Whose name and address a receipt prints: the data the donor gave with the pledge the receipt's payments pay (the
/// newest such pledge for a collective receipt), or the sponsor's stored data when the office confirmed it after that
/// pledge was made, or when no pledge carries data. Never data that an anonymous form post changed later: the public
/// route cannot change a known sponsor (see <see cref="SponsorChangeProposal"/>).
/// </summary>
public static class ReceiptDonor
{
    public static SponsorDetails For(Sponsor sponsor, IEnumerable<Pledge> pledgesOfThePayments)
    {
        var newest = pledgesOfThePayments.Where(p => p.GivenDetails is not null).MaxBy(p => p.CreatedAt);
        if (newest is null)
        {
            return sponsor.Details;
        }

        return sponsor.ConfirmedAt is { } confirmed && confirmed > newest.CreatedAt ? sponsor.Details : newest.GivenDetails!;
    }
}
