using MintFonds.Core.Access;

namespace MintFonds.Functions.Access;

/// <summary>
/// A role change an office member may not make alone, waiting for a second office member or the platform
/// administrator to confirm it. It holds object ids and roles only; the label is what the office typed for the role.
/// </summary>
public sealed record RoleProposal
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>32 lower-case hex characters.</summary>
    public required string Id { get; init; }

    public required string FundId { get; init; }

    public required string PrincipalId { get; init; }

    public required RoleChangeKind Kind { get; init; }

    /// <summary>The role to grant; absent for a revocation.</summary>
    public FundRole? Role { get; init; }

    public string? Label { get; init; }

    /// <summary>The role the person held when it was proposed; the confirmation applies only while that is still so.</summary>
    public FundRole? FromRole { get; init; }

    public required FourEyesReason Reason { get; init; }

    public required string ProposedBy { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }

    /// <summary>A proposal left unconfirmed this long lapses: whoever confirms it should decide on the present, not on an old request.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public RoleProposalStatus Status { get; init; } = RoleProposalStatus.Pending;

    public string? ConfirmedBy { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }
}

public enum RoleChangeKind
{
    Assign,
    Revoke,
}

/// <summary>Why a change needs a second person.</summary>
public enum FourEyesReason
{
    /// <summary>Board members decide on grants; one office member alone must not choose them.</summary>
    BoardAppointment,

    /// <summary>A second office member appointed by one alone could confirm that member's own proposals: four eyes in name only.</summary>
    OfficeAppointment,

    /// <summary>Removing the last other office member would leave the fund to the one who removes them.</summary>
    LastOtherOfficeMember,
}

public enum RoleProposalStatus
{
    Pending,
    Confirmed,
}
