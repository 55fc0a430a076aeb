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
    Other,
}

/// <summary>The outcome of checking a bearer token.</summary>
public sealed record TokenCheck(AdminPrincipal? Principal, TokenRefusal? Refusal)
{
    public static TokenCheck Accepted(AdminPrincipal principal) => new(principal, null);

    public static TokenCheck Refused(TokenRefusal refusal) => new(null, refusal);
}
