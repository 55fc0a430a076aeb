using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MintFonds.Functions.Access;

/// <summary>
/// Validates Entra ID access tokens inside the worker: signature (asymmetric algorithms only, never "none"),
/// issuer, audience and lifetime. The same code path runs in tests; only the key source differs.
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

        var objectId = Claim(result, "oid") ?? Claim(result, "sub");
        if (string.IsNullOrWhiteSpace(objectId))
        {
            return TokenCheck.Refused(TokenRefusal.NoSubject);
        }

        var roles = result.ClaimsIdentity.FindAll("roles").Select(c => c.Value).ToArray();
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

    private static TokenRefusal Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => TokenRefusal.Expired,
        SecurityTokenNotYetValidException => TokenRefusal.NotYetValid,
        SecurityTokenNoExpirationException => TokenRefusal.Expired,
        SecurityTokenInvalidAudienceException => TokenRefusal.WrongAudience,
        SecurityTokenInvalidIssuerException => TokenRefusal.WrongIssuer,
        SecurityTokenInvalidAlgorithmException => TokenRefusal.BadSignature,
        SecurityTokenInvalidSignatureException ex when ex.Message.Contains("IDX10504", StringComparison.Ordinal) => TokenRefusal.NotSigned,
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => TokenRefusal.BadSignature,
        SecurityTokenMalformedException or ArgumentException => TokenRefusal.Malformed,
        _ => TokenRefusal.Other,
    };
}
