using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using MintFonds.Functions.Hosting;

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

/// <summary>Chooses the key source from settings and refuses unsafe combinations at start-up.</summary>
public static class SigningKeySourceFactory
{
    public static ISigningKeySource Create(IOptions<AuthSettings> options, IConfiguration configuration)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Audience))
        {
            throw new InvalidOperationException("Setting 'Auth__Audience' is required (the API's application ID URI).");
        }

        if (!string.IsNullOrWhiteSpace(settings.SigningKeys))
        {
            // A static key set is a test fixture; in any deployed environment it would be a back door.
            if (!RuntimeEnvironment.IsDevelopment(configuration))
            {
                throw new InvalidOperationException(
                    "Setting 'Auth__SigningKeys' is only accepted when AZURE_FUNCTIONS_ENVIRONMENT is 'Development'. Use 'Auth__Authority' in Azure.");
            }

            if (string.IsNullOrWhiteSpace(settings.Issuer))
            {
                throw new InvalidOperationException("Setting 'Auth__Issuer' is required with 'Auth__SigningKeys'.");
            }

            var keys = new JsonWebKeySet(settings.SigningKeys).GetSigningKeys();
            if (keys.Count == 0 || keys.Any(key => key is SymmetricSecurityKey))
            {
                throw new InvalidOperationException("Setting 'Auth__SigningKeys' must hold public RSA or EC keys only.");
            }

            return new StaticSigningKeySource(settings.Issuer, [.. keys]);
        }

        if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException("Setting 'Auth__Authority' must be the https address of the Entra ID tenant (…/v2.0).");
        }

        return new OpenIdSigningKeySource(settings);
    }
}
