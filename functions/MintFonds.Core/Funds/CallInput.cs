using MintFonds.Core.Money;

namespace MintFonds.Core.Funds;

/// <summary>What the office sends to create or change a call; checked by <see cref="CallValidator"/>.</summary>
public sealed record CallInput
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public DateOnly? OpensOn { get; init; }

    /// <summary>Leave empty for a rolling call.</summary>
    public DateOnly? ClosesOn { get; init; }

    public Euro? Budget { get; init; }

    public FundingRules? Rules { get; init; }
}
