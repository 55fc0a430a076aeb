namespace MintFonds.Functions.Access;

/// <summary>Why a token was refused, in words fit for the audit log (never the token itself).</summary>
public enum TokenRefusal
{
    Missing,
    Malformed,
    NotSigned,
    BadSignature,
    Expired,
    NotYetValid,
    WrongAudience,
    WrongIssuer,
    NoSubject,

    /// <summary>"nbf" is not before "exp": no instant exists at which the token is valid.</summary>
    InvalidLifetime,

    /// <summary>"ver" is missing or not exactly "1.0" or "2.0", so it is not an access token as Entra issues them.</summary>
    UnsupportedVersion,

    /// <summary>"idtyp" names something other than an app-only or user access token (e.g. an ID token).</summary>
    NotAnAccessToken,

    /// <summary>The client app ("azp" / "appid") is not one of the configured allowed client apps.</summary>
    ClientNotAllowed,

    /// <summary>The header has a "crit" list: it names extensions that must be understood, and we understand none.</summary>
    CriticalHeader,
    Other,
}

/// <summary>The outcome of checking a bearer token.</summary>
public sealed record TokenCheck(AdminPrincipal? Principal, TokenRefusal? Refusal)
{
    public static TokenCheck Accepted(AdminPrincipal principal) => new(principal, null);

    public static TokenCheck Refused(TokenRefusal refusal) => new(null, refusal);
}
