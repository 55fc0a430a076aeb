namespace MintFonds.Functions.Access;

/// <summary>
/// Settings section "Abuse": how refused admin requests without a valid token are limited, per clock hour (UTC), per
/// client (a hash of its address) and per fund (refusals naming no existing fund count for the platform).
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

    public bool IsValid() =>
        AuditedPerClientPerHour >= 0 && LimitPerClientPerHour >= 1 && AuditedPerFundPerHour >= 0 && LimitPerFundPerHour >= 1;
}
