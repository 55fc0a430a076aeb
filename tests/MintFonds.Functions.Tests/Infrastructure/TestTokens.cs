using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>
/// Mints Entra-shaped access tokens for tests with a key made for this run. The app only ever sees the public half
/// (as a JWKS in its settings) and validates tokens exactly as it validates Entra's.
/// </summary>
public sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0";
    public const string Audience = "api://mintfonds-test";
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string PlatformAdminRole = "MintFonds.PlatformAdmin";

    /// <summary>The client app (e.g. the office's admin UI) that requested the tokens: "azp" in v2, "appid" in v1.</summary>
    public const string ClientAppId = "7c0e5b1a-3d2f-4a6b-8c9d-0e1f2a3b4c5d";

    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly JsonWebTokenHandler _handler = new();

    public TestTokens()
    {
        var publicKey = new RsaSecurityKey(_key.ExportParameters(false)) { KeyId = "test-key" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(publicKey);
        Jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", n = jwk.N, e = jwk.E } } });
    }

    /// <summary>The public key set the app under test trusts.</summary>
    public string Jwks { get; }

    public string For(
        string objectId,
        IEnumerable<string>? appRoles = null,
        string audience = Audience,
        string issuer = Issuer,
        DateTime? expires = null,
        DateTime? notBefore = null,
        bool signWithOtherKey = false,
        DateTime? now = null)
    {
        // Shaped as Entra issues v2 access tokens: "ver" and the requesting client app in "azp".
        var claims = new List<Claim>
        {
            new("oid", objectId), new("tid", TenantId), new("name", "Test Person"), new("ver", "2.0"), new("azp", ClientAppId),
        };
        claims.AddRange((appRoles ?? []).Select(role => new Claim("roles", role)));
        var issuedAt = now ?? DateTime.UtcNow;
        var key = new RsaSecurityKey(signWithOtherKey ? _otherKey : _key) { KeyId = "test-key" };
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = (notBefore ?? issuedAt).AddMinutes(-1),
            NotBefore = notBefore ?? issuedAt.AddMinutes(-1),
            Expires = expires ?? issuedAt.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public string PlatformAdmin(string objectId = "00000000-0000-0000-0000-0000000000aa", DateTime? now = null) =>
        For(objectId, [PlatformAdminRole], now: now);

    /// <summary>
    /// The payload of a v2 access token for a person, valid at <paramref name="now"/>; tests change it and sign it with
    /// <see cref="Sign"/> to build tokens that the descriptor-based <see cref="For"/> cannot (odd claims, nbf after exp).
    /// </summary>
    public static Dictionary<string, object?> Payload(string objectId, DateTime now, params string[] appRoles) => new()
    {
        ["iss"] = Issuer, ["aud"] = Audience, ["oid"] = objectId, ["sub"] = objectId, ["tid"] = TenantId, ["ver"] = "2.0", ["azp"] = ClientAppId,
        ["iat"] = Seconds(now.AddMinutes(-1)), ["nbf"] = Seconds(now.AddMinutes(-1)), ["exp"] = Seconds(now.AddHours(1)),
        ["roles"] = appRoles.Length == 0 ? null : appRoles,
    };

    /// <summary>Signs a payload with the trusted key (RS256); <paramref name="header"/> adds or replaces header fields. Null values are left out.</summary>
    public string Sign(IDictionary<string, object?> payload, IDictionary<string, object>? header = null)
    {
        var head = new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = "test-key" };
        foreach (var (name, value) in header ?? new Dictionary<string, object>())
        {
            head[name] = value;
        }

        var body = payload.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
        var input = Base64UrlEncoder.Encode(JsonSerializer.Serialize(head)) + "." + Base64UrlEncoder.Encode(JsonSerializer.Serialize(body));
        var signature = _key.SignData(System.Text.Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64UrlEncoder.Encode(signature);
    }

    private static long Seconds(DateTime time) => new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>A token with "alg": "none" and no signature, as a forger would send.</summary>
    public static string NotSigned(string objectId)
    {
        static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.Serialize(value));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var nbf = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["oid"] = objectId, ["tid"] = TenantId, ["exp"] = exp, ["nbf"] = nbf, ["ver"] = "2.0",
            ["roles"] = new[] { PlatformAdminRole },
        };
        return Encode(new { alg = "none", typ = "JWT" }) + "." + Encode(payload) + ".";
    }

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }
}
