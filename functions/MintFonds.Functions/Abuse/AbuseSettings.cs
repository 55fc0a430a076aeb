namespace MintFonds.Functions.Abuse;

/// <summary>
/// Settings section "Abuse": how callers without a login are kept from flooding the system. Two groups:
/// refused admin requests without a valid token (per clock hour, UTC, per client and per fund), and the anonymous
/// form routes (submissions, status checks, confirmation e-mails, the form challenge and its optional proof of work).
/// A "client" is a hash of its address and the counting window (<see cref="Platform.RateLimits.ClientKey"/>).
/// </summary>
public sealed class AbuseSettings
{
    /// <summary>A client's first refusals in an hour are written to the audit trail; later ones are only counted.</summary>
    public int AuditedPerClientPerHour { get; set; } = 10;

    /// <summary>A client with this many refusals in an hour gets 429 until the hour ends.</summary>
    public int LimitPerClientPerHour { get; set; } = 60;

    /// <summary>At most this many refusals of all clients together are written to one fund's trail per hour.</summary>
    public int AuditedPerFundPerHour { get; set; } = 100;

    /// <summary>With this many refusals in an hour, every caller without a valid token gets 429 for that fund until the hour ends.</summary>
    public int LimitPerFundPerHour { get; set; } = 1000;

    /// <summary>Applications and pledges together that one client may post per clock hour (UTC), answered or not.</summary>
    public int SubmissionsPerClientPerHour { get; set; } = 20;

    /// <summary>Applications and pledges of all clients together per clock hour, in the whole deployment.</summary>
    public int SubmissionsPerHour { get; set; } = 1000;

    /// <summary>Applications and pledges naming one e-mail address (normalised, as a hash) per clock hour.</summary>
    public int SubmissionsPerEmailPerHour { get; set; } = 10;

    /// <summary>Status reads and withdrawals that one client may make per minute.</summary>
    public int StatusChecksPerClientPerMinute { get; set; } = 20;

    /// <summary>Status reads and withdrawals of all clients together per minute, in the whole deployment.</summary>
    public int StatusChecksPerMinute { get; set; } = 1000;

    /// <summary>
    /// Confirmation e-mails (application received, pledge received) to one address per calendar day (Europe/Berlin).
    /// Further submissions are still accepted and reach the office; only their confirmation is not sent.
    /// </summary>
    public int ConfirmationEmailsPerAddressPerDay { get; set; } = 5;

    /// <summary>
    /// Submissions must carry a form challenge (<c>X-Form-Challenge</c>) from <c>GET funds/{fundId}/challenge</c>.
    /// Without it the minimum fill time cannot be checked; switch off only for clients that cannot fetch one.
    /// </summary>
    public bool FormChallengeRequired { get; set; } = true;

    /// <summary>A submission sent sooner than this after its challenge was issued is taken for a bot.</summary>
    public int MinimumFillSeconds { get; set; } = 3;

    /// <summary>How long a form challenge stays valid: long enough for a long form, short enough to be a challenge.</summary>
    public int ChallengeLifetimeHours { get; set; } = 24;

    /// <summary>Submissions must also carry a proof of work for their challenge (<c>X-Proof-Of-Work</c>).</summary>
    public bool ProofOfWorkEnabled { get; set; }

    /// <summary>Leading zero bits of SHA-256(challenge + nonce) the proof must have; each bit doubles the work.</summary>
    public int ProofOfWorkBits { get; set; } = 16;

    /// <summary>
    /// Proxies in front of the app that append the caller's address to X-Forwarded-For: 1 behind App Service's front end,
    /// 2 with Front Door or an Application Gateway before it, 0 to ignore the header. The client is counted by the entry
    /// this many places from the right (<see cref="Platform.RateLimits.ClientKey"/>).
    /// </summary>
    public int TrustedProxyHops { get; set; } = 1;

    public bool IsValid() =>
        AuditedPerClientPerHour >= 0 && LimitPerClientPerHour >= 1 && AuditedPerFundPerHour >= 0 && LimitPerFundPerHour >= 1
        && SubmissionsPerClientPerHour >= 1 && SubmissionsPerHour >= 1 && SubmissionsPerEmailPerHour >= 1
        && StatusChecksPerClientPerMinute >= 1 && StatusChecksPerMinute >= 1 && ConfirmationEmailsPerAddressPerDay >= 0
        && MinimumFillSeconds is >= 0 and <= 3600 && ChallengeLifetimeHours is >= 1 and <= 24 * 7
        && ProofOfWorkBits is >= 1 and <= 32 && TrustedProxyHops is >= 0 and <= 5;

    /// <summary>A challenge is needed when it is required, and whenever a proof of work (which is made for one) is.</summary>
    public bool ChallengeNeeded => FormChallengeRequired || ProofOfWorkEnabled;
}
