namespace MintFonds.Functions.Access;

/// <summary>
/// A person proven by a valid token. <see cref="ObjectId"/> is the Entra object id (a pseudonymous, stable id);
/// names and e-mail addresses are deliberately not kept here, so they cannot reach a log by accident.
/// </summary>
public sealed record AdminPrincipal(string ObjectId, string? TenantId, IReadOnlyList<string> AppRoles, bool IsPlatformAdmin);
