using MintFonds.Core.Money;

namespace MintFonds.Core.Funds;

/// <summary>A funding round (Förderrunde) of a fund: when it takes applications, its budget, and rules that override the fund's.</summary>
public sealed record FundingCall
{
    public required string FundId { get; init; }

    public required string Id { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>First day (Europe/Berlin calendar) on which applications are taken.</summary>
    public required DateOnly OpensOn { get; init; }

    /// <summary>Last day on which applications are taken; null for a rolling call without deadline.</summary>
    public DateOnly? ClosesOn { get; init; }

    public required Euro Budget { get; init; }

    public required FundingRules Rules { get; init; }

    public CallStatus Status { get; init; } = CallStatus.Open;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRolling => ClosesOn is null;

    /// <summary>Whether the call takes applications on the given local date.</summary>
    public bool IsOpenOn(DateOnly today) =>
        Status == CallStatus.Open && today >= OpensOn && (ClosesOn is null || today <= ClosesOn);
}

public enum CallStatus
{
    Open,
    Closed,
}
