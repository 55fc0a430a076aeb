namespace MintFonds.Functions.Audit;

/// <summary>
/// Who did what, when, to which subject, and from which state to which. PrincipalId is an Entra object id;
/// entries hold no names or e-mail addresses.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>The entry's row key (inverted time + random suffix), set when it is written; unique within the subject.</summary>
    public string? Id { get; init; }

    /// <summary>The fund the action concerns, or "platform" for actions outside any fund.</summary>
    public required string Subject { get; init; }

    public required string Action { get; init; }

    public required AuditOutcome Outcome { get; init; }

    public string? PrincipalId { get; init; }

    public string? Target { get; init; }

    public string? Reason { get; init; }

    public string? FromState { get; init; }

    public string? ToState { get; init; }

    /// <summary>
    /// For refusals without a valid token: a hash of the caller's address and the clock hour (never the address), so
    /// that entries of one client can be told apart from another's within that hour.
    /// </summary>
    public string? ClientKey { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>Position in the subject's hash chain (1, 2, …); null for refusals, which are not chained (see <see cref="AuditChain"/>).</summary>
    public long? Sequence { get; init; }

    /// <summary>SHA-256 (hex) of the previous chained entry of the subject; 64 zeros for the first.</summary>
    public string? PreviousHash { get; init; }

    /// <summary>SHA-256 (hex) of this entry (every field but this one, with <see cref="PreviousHash"/>).</summary>
    public string? Hash { get; init; }
}

public enum AuditOutcome
{
    Done,
    Refused,
}
