using MintFonds.Core.Money;

namespace MintFonds.Core.Receipts;

/// <summary>One donation listed in the annex of a collective receipt.</summary>
public sealed record DonationAnnexRow(DateOnly Date, Euro Amount, ContributionType Type = ContributionType.MoneyDonation);
