using System.Security.Cryptography;
using System.Text;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The applicant's key to the status page: 256 random bits, made when the applicant's e-mail is composed and put only
/// into that e-mail. Storage keeps its SHA-256 alone (never the token, not even sealed), so neither a table, an outbox
/// row, a dead letter nor a log can hand it out. Tokens are looked up by their hash (see <see cref="StatusLinkIssuer"/>);
/// the final comparison is constant-time and compares against a dummy hash when none is stored.
/// </summary>
public static class StatusToken
{
    /// <summary>Stands in for a missing or token-less application: no token hashes to it (it is not a SHA-256 output of any known input).</summary>
    private static readonly byte[] DummyHash = SHA256.HashData("MintFonds: no application behind this reference"u8);

    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Whether <paramref name="token"/> is the one whose hash is stored. Always hashes and compares once, whatever is
    /// missing, so the time taken does not tell whether an application exists.
    /// </summary>
    public static bool Matches(string? token, string? storedHash)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token is { Length: > 0 and <= 100 } ? token : string.Empty));
        var known = storedHash is { Length: 64 } && storedHash.All(char.IsAsciiHexDigit);
        var equal = CryptographicOperations.FixedTimeEquals(presented, known ? Convert.FromHexString(storedHash!) : DummyHash);
        return equal && known && token is { Length: > 0 and <= 100 };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
