using MintFonds.Core.Applications;

namespace MintFonds.Functions.Applications;

public enum SubmissionKind
{
    /// <summary>A new application was stored.</summary>
    Created,

    /// <summary>The same Idempotency-Key and body were sent again: the first answer is repeated.</summary>
    Replayed,

    /// <summary>The same body was sent again within a short window without a key: answered with the existing application.</summary>
    Duplicate,
}

/// <summary>The stored application and the applicant's status token (null only if it could not be recovered).</summary>
public sealed record SubmissionOutcome(Application Application, string? StatusToken, SubmissionKind Kind, string? StatusLink);
