using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MintFonds.Functions.Access;

/// <summary>Where trusted signing keys and the expected issuer come from.</summary>
public interface ISigningKeySource
{
    Task<(string Issuer, IReadOnlyList<SecurityKey> Keys)> GetAsync(CancellationToken cancellationToken);

    /// <summary>Called when a token names an unknown key: the tenant may have rolled its keys.</summary>
    void RequestRefresh();
}

/// <summary>Keys from Entra ID's OpenID Connect metadata, cached and refreshed by the IdentityModel configuration manager.</summary>
public sealed class OpenIdSigningKeySource : ISigningKeySource
{
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly string? _issuer;

    public OpenIdSigningKeySource(AuthSettings settings)
    {
        var authority = settings.Authority!.TrimEnd('/');
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            authority + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = true });
        _issuer = settings.Issuer;
    }

    public async Task<(string Issuer, IReadOnlyList<SecurityKey> Keys)> GetAsync(CancellationToken cancellationToken)
    {
        var configuration = await _metadata.GetConfigurationAsync(cancellationToken);
        return (_issuer ?? configuration.Issuer, [.. configuration.SigningKeys]);
    }

    public void RequestRefresh() => _metadata.RequestRefresh();
}

/// <summary>A fixed JWKS from settings, for local runs and tests. Same validation path, only the key source differs.</summary>
public sealed class StaticSigningKeySource(string issuer, IReadOnlyList<SecurityKey> keys) : ISigningKeySource
{
    public Task<(string Issuer, IReadOnlyList<SecurityKey> Keys)> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult((issuer, keys));

    public void RequestRefresh()
    {
    }
}

/// <summary>Chooses the key source from settings that <see cref="AuthSettingsValidator"/> has checked at start-up.</summary>
public static class SigningKeySourceFactory
{
    public static ISigningKeySource Create(IOptions<AuthSettings> options)
    {
        // Reading Value runs the validator again, so an unsafe combination cannot slip through here either.
        var settings = options.Value;
        return string.IsNullOrWhiteSpace(settings.SigningKeys)
            ? new OpenIdSigningKeySource(settings)
            : new StaticSigningKeySource(settings.Issuer!, AuthSettingsValidator.PublicKeys(settings.SigningKeys)!);
    }
}
