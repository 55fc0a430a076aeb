using MintFonds.Core.Applications;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The answer to an accepted application. <see cref="StatusToken"/> opens the status page; send it in the
/// X-Status-Token header (never in a URL, where it would end up in logs).
/// </summary>
public sealed record SubmissionReceipt(
    string Reference,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    string? StatusToken,
    string StatusUrl,
    string? StatusLink);
