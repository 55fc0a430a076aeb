namespace MintFonds.Functions.Notifications;

/// <summary>Why a message ended up here.</summary>
public enum DeadLetterKind
{
    /// <summary>Unusable as sent (not JSON, unknown template or schema version, no recipient): never retried.</summary>
    Malformed,

    /// <summary>The provider refused it for good (e.g. an invalid address).</summary>
    Refused,

    /// <summary>Every retry failed (provider outage): it came through the poison queue.</summary>
    RetriesExhausted,
}

public enum DeadLetterStatus
{
    Open,
    Resent,
}

/// <summary>A message that could not be delivered, kept where the office can see it and send it again.</summary>
public sealed record DeadLetter
{
    public required string Id { get; init; }

    public required string FundId { get; init; }

    public required string Queue { get; init; }

    public required DeadLetterKind Kind { get; init; }

    public required string Reason { get; init; }

    public string? MessageKey { get; init; }

    public string? Template { get; init; }

    /// <summary>The message exactly as it was on the queue (it may hold recipients' addresses: shown to the office only).</summary>
    public required string Message { get; init; }

    /// <summary>The message was longer than a table property holds and is kept shortened (it cannot be resent).</summary>
    public bool Truncated { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public DeadLetterStatus Status { get; init; } = DeadLetterStatus.Open;

    /// <summary>1 when first recorded; raised each time a resent message fails again (each failure alerts once).</summary>
    public int Generation { get; init; } = 1;

    public DateTimeOffset? ResentAt { get; init; }

    public string? ResentBy { get; init; }
}
