using System.Text.Json.Serialization;
using MintFonds.Core.Access;

namespace MintFonds.Functions.Access;

/// <summary>Which person (Entra object id) holds which role in which fund, and who granted it.</summary>
public sealed record RoleAssignment
{
    public required string FundId { get; init; }

    public required string PrincipalId { get; init; }

    public required FundRole Role { get; init; }

    /// <summary>How the office recognises the person (e.g. "Geschäftsstelle, Vertretung"); optional.</summary>
    public string? Label { get; init; }

    public required string AssignedBy { get; init; }

    public required DateTimeOffset AssignedAt { get; init; }
}

/// <summary>Body of the call that grants a role.</summary>
public sealed record RoleAssignmentInput
{
    [JsonConverter(typeof(ExactFundRoleConverter))]
    public FundRole? Role { get; init; }

    public string? Label { get; init; }
}
