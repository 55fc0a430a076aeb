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
        var claims = new List<Claim> { new("oid", objectId), new("tid", TenantId), new("name", "Test Person") };
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

    /// <summary>A token with "alg": "none" and no signature, as a forger would send.</summary>
    public static string NotSigned(string objectId)
    {
        static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.Serialize(value));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var nbf = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["oid"] = objectId, ["tid"] = TenantId, ["exp"] = exp, ["nbf"] = nbf,
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
