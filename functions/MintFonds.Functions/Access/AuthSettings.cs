namespace MintFonds.Functions.Access;

/// <summary>
/// Settings section "Auth". In Azure: <see cref="Authority"/> is the university's Entra ID tenant
/// (https://login.microsoftonline.com/{tenant}/v2.0) and signing keys come from its published metadata.
/// Locally and in tests: <see cref="SigningKeys"/> holds a JWKS of public keys, accepted only in the Development environment.
/// </summary>
public sealed class AuthSettings
{
    public string? Authority { get; set; }

    /// <summary>
    /// The API's audience, or several separated by commas: Entra writes the client id into v2 tokens and the
    /// application ID URI (api://…) into v1 tokens, so in Azure set both.
    /// </summary>
    public string? Audience { get; set; }

    public IReadOnlyList<string> Audiences =>
        (Audience ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Expected token issuer; defaults to the issuer in the authority's metadata.</summary>
    public string? Issuer { get; set; }

    /// <summary>A JSON Web Key Set with public keys, for Development only (local runs and tests).</summary>
    public string? SigningKeys { get; set; }

    /// <summary>
    /// Optional: the client ids of the apps allowed to call the API (e.g. the office's admin UI), comma-separated.
    /// Tokens name their client in "azp" (v2) or "appid" (v1); empty lets any client app of the tenant call.
    /// </summary>
    public string? AllowedClientApps { get; set; }

    public IReadOnlyList<string> AllowedClientAppIds =>
        (AllowedClientApps ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The Entra app role that makes someone a platform administrator of every fund.</summary>
    public string PlatformAdminRole { get; set; } = "MintFonds.PlatformAdmin";

    /// <summary>
    /// The Entra app role of the state's MINT office (MINT-Geschäftsstelle RLP): reads the state-wide figures of all
    /// funds (no personal data), nothing else.
    /// </summary>
    public string PlatformObserverRole { get; set; } = "MintFonds.PlatformObserver";

    public int ClockSkewSeconds { get; set; } = 120;
}
