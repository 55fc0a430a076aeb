using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MintFonds.Functions.Access;

/// <summary>
/// Validates Entra ID access tokens inside the worker: no "crit" header, signature (asymmetric algorithms only,
/// never "none"), issuer, audience (exactly), lifetime (nbf before exp), then that it is an access token as Entra
/// issues them ("ver", "idtyp") from an allowed client app. The same code path runs in tests; only the key source differs.
/// </summary>
public sealed class AccessTokenValidator(ISigningKeySource keySource, IOptions<AuthSettings> options, TimeProvider time)
{
    private static readonly string[] AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384,
    ];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false, MaximumTokenSizeInBytes = 16 * 1024 };
    private readonly AuthSettings _settings = options.Value;

    public async Task<TokenCheck> ValidateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorizationHeader) || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.Refused(TokenRefusal.Missing);
        }

        var token = authorizationHeader[scheme.Length..].Trim();
        if (!_handler.CanReadToken(token))
        {
            return TokenCheck.Refused(TokenRefusal.Malformed);
        }

        // RFC 7515 §4.1.11: extensions listed in "crit" must be understood, or the token refused. We understand none.
        if (HasCriticalHeader(token) is not { } critical)
        {
            return TokenCheck.Refused(TokenRefusal.Malformed);
        }

        if (critical)
        {
            return TokenCheck.Refused(TokenRefusal.CriticalHeader);
        }

        var result = await ValidateWithKeysAsync(token, cancellationToken);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            keySource.RequestRefresh();
            result = await ValidateWithKeysAsync(token, cancellationToken);
        }

        if (!result.IsValid)
        {
            return TokenCheck.Refused(Classify(result.Exception));
        }

        if (CheckTokenKind(result.ClaimsIdentity) is { } refusal)
        {
            return TokenCheck.Refused(refusal);
        }

        var objectId = Claim(result, "oid") ?? Claim(result, "sub");
        if (string.IsNullOrWhiteSpace(objectId))
        {
            return TokenCheck.Refused(TokenRefusal.NoSubject);
        }

        // One claim value is one role, compared as written: "A,B" or "a" never stand for "A". Values that are not
        // strings (nested arrays, objects) name no role.
        var roles = result.ClaimsIdentity.FindAll("roles").Where(c => c.ValueType == ClaimValueTypes.String).Select(c => c.Value).ToArray();
        var isPlatformAdmin = roles.Contains(_settings.PlatformAdminRole, StringComparer.Ordinal);
        return TokenCheck.Accepted(new AdminPrincipal(objectId, Claim(result, "tid"), roles, isPlatformAdmin));
    }

    private async Task<TokenValidationResult> ValidateWithKeysAsync(string token, CancellationToken cancellationToken)
    {
        var (issuer, keys) = await keySource.GetAsync(cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudiences = _settings.Audiences,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            IssuerSigningKeys = keys,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(_settings.ClockSkewSeconds),
            LifetimeValidator = ValidateLifetime,
        };
        return await _handler.ValidateTokenAsync(token, parameters);
    }

    // Lifetime is checked against the injected clock so that tests and production share one notion of "now".
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (notBefore is { } start && start >= expires.Value)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is not before its exp.") { NotBefore = start, Expires = expires.Value };
        }

        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = nbf };
        }

        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        return true;
    }

    private static string? Claim(TokenValidationResult result, string type) => result.ClaimsIdentity.FindFirst(type)?.Value;

    /// <summary>True or false for a readable JWS header; null when the header is not a JSON object.</summary>
    private static bool? HasCriticalHeader(string token)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.Decode(token[..token.IndexOf('.', StringComparison.Ordinal)]));
            return header.RootElement.ValueKind == JsonValueKind.Object
                ? header.RootElement.EnumerateObject().Any(p => p.NameEquals("crit"))
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Only access tokens as Entra issues them, from an allowed client app; null when the token passes.</summary>
    private TokenRefusal? CheckTokenKind(ClaimsIdentity identity)
    {
        var version = SingleString(identity, "ver");
        if (version is not ("1.0" or "2.0"))
        {
            return TokenRefusal.UnsupportedVersion;
        }

        // Entra sets idtyp "app" on app-only tokens and, as an optional claim, "user" on delegated ones; anything
        // else (an ID token's "id", a device token) is not meant for calling an API.
        if (identity.HasClaim(c => c.Type == "idtyp") && SingleString(identity, "idtyp") is not ("app" or "user"))
        {
            return TokenRefusal.NotAnAccessToken;
        }

        var allowed = _settings.AllowedClientAppIds;
        if (allowed.Count > 0)
        {
            var client = SingleString(identity, version == "2.0" ? "azp" : "appid");
            if (client is null || !allowed.Contains(client, StringComparer.Ordinal))
            {
                return TokenRefusal.ClientNotAllowed;
            }
        }

        return null;
    }

    /// <summary>The value of a claim that occurs exactly once and is a JSON string; null otherwise.</summary>
    private static string? SingleString(ClaimsIdentity identity, string type)
    {
        var claims = identity.FindAll(type).Take(2).ToList();
        return claims is [{ ValueType: ClaimValueTypes.String } claim] ? claim.Value : null;
    }

    private static TokenRefusal Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => TokenRefusal.Expired,
        SecurityTokenNotYetValidException => TokenRefusal.NotYetValid,
        SecurityTokenNoExpirationException => TokenRefusal.Expired,
        SecurityTokenInvalidLifetimeException => TokenRefusal.InvalidLifetime,
        SecurityTokenInvalidAudienceException => TokenRefusal.WrongAudience,
        SecurityTokenInvalidIssuerException => TokenRefusal.WrongIssuer,
        SecurityTokenInvalidAlgorithmException => TokenRefusal.BadSignature,
        SecurityTokenInvalidSignatureException ex when ex.Message.Contains("IDX10504", StringComparison.Ordinal) => TokenRefusal.NotSigned,
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => TokenRefusal.BadSignature,
        SecurityTokenMalformedException or ArgumentException => TokenRefusal.Malformed,
        _ => TokenRefusal.Other,
    };
}
