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

/// <summary>The stored application and how this post related to it. The status token is not here: see <see cref="StatusToken"/>.</summary>
public sealed record SubmissionOutcome(Application Application, SubmissionKind Kind);
