namespace MintFonds.Functions.Audit;

/// <summary>
/// Who did what, when, to which subject, and from which state to which. PrincipalId is an Entra object id;
/// entries hold no names or e-mail addresses.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>The fund the action concerns, or "platform" for actions outside any fund.</summary>
    public required string Subject { get; init; }

    public required string Action { get; init; }

    public required AuditOutcome Outcome { get; init; }

    public string? PrincipalId { get; init; }

    public string? Target { get; init; }

    public string? Reason { get; init; }

    public string? FromState { get; init; }

    public string? ToState { get; init; }

    public DateTimeOffset At { get; init; }
}

public enum AuditOutcome
{
    Done,
    Refused,
}
