using MintFonds.Core.Funds;

namespace MintFonds.Core.Pledges;

/// <summary>What a sponsor entered about themselves: the data a donation receipt or invoice prints.</summary>
public sealed record SponsorDetails(SponsorType Type, string Name, PostalAddress Address, string? ContactPerson, string Email);

/// <summary>
/// Data for a known sponsor that came in through the public pledge form and differs from what is stored. Anyone can
/// type a sponsor's name and e-mail address, so such data never overwrites the sponsor: it waits here until the office
/// accepts it (audited), and the sponsor is told by e-mail at their known address. The id is derived from the sponsor
/// and the proposed data, so the same proposal posted again is one row.
/// </summary>
public sealed record SponsorChangeProposal
{
    public required string FundId { get; init; }

    public required string Id { get; init; }

    public required string SponsorId { get; init; }

    public required SponsorDetails Proposed { get; init; }

    /// <summary>The pledge whose form carried the data.</summary>
    public required string PledgeReference { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }
}
