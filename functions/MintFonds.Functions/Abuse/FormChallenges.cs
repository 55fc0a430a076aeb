using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Abuse;

/// <summary>What <c>GET funds/{fundId}/challenge</c> answers: the challenge to send back, until when, and the proof-of-work difficulty (0: none).</summary>
public sealed record FormChallenge(string Challenge, DateTimeOffset ExpiresAt, int Difficulty);

/// <summary>A challenge that checked out: its id (a hash, for marking it used) and when the form got it.</summary>
public sealed record VerifiedChallenge(string Id, DateTimeOffset IssuedAt);

/// <summary>
/// Form challenges: an opaque value the form fetches when it opens and sends back with the submission
/// (<c>X-Form-Challenge</c>). It is signed, not stored: "1.{fundId}.{issued, unix seconds}.{random}.{HMAC}", the HMAC
/// over everything before it with <see cref="ChallengeKey"/>. So the server, not the client's clock, says when the form
/// was opened (the minimum fill time), a challenge is bound to its fund and expires, and issuing one writes nothing.
/// With proof of work on, the submission also carries a nonce (<c>X-Proof-Of-Work</c>) such that
/// SHA-256(challenge + nonce) starts with <see cref="AbuseSettings.ProofOfWorkBits"/> zero bits. That a challenge serves
/// one submission only is kept by <see cref="ChallengeClaims"/>.
/// </summary>
public sealed class FormChallenges(ChallengeKey key, IOptions<AbuseSettings> options, TimeProvider time)
{
    public const string ChallengeHeader = "X-Form-Challenge";
    public const string ProofHeader = "X-Proof-Of-Work";
    public const int MaxNonceLength = 64;

    private const int MaxChallengeLength = 200;
    private const string Version = "1";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public async Task<FormChallenge> IssueAsync(string fundId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        return new FormChallenge(
            await CreateAsync(fundId, now, cancellationToken),
            DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()).AddHours(settings.ChallengeLifetimeHours),
            settings.ProofOfWorkEnabled ? settings.ProofOfWorkBits : 0);
    }

    /// <summary>A challenge for <paramref name="fundId"/> as if the form had been opened at <paramref name="issuedAt"/>.</summary>
    public async Task<string> CreateAsync(string fundId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var random = Base64Url(RandomNumberGenerator.GetBytes(12));
        var body = string.Create(CultureInfo.InvariantCulture, $"{Version}.{fundId}.{issuedAt.ToUnixTimeSeconds()}.{random}");
        return $"{body}.{Mac(await key.GetAsync(cancellationToken), body)}";
    }

    /// <summary>
    /// Checks the request's challenge (and proof of work) for <paramref name="fundId"/>. Returns null when none was
    /// sent and none is needed; throws a 400 problem naming the header when one is needed and missing, or is malformed,
    /// forged, for another fund, from the future or expired, or when the proof is missing or wrong.
    /// </summary>
    public async Task<VerifiedChallenge?> VerifyAsync(HttpRequest request, string fundId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var challenge = request.Headers[ChallengeHeader].ToString();
        if (challenge.Length == 0)
        {
            return settings.ChallengeNeeded
                ? throw Refused(ChallengeHeader, "Die Sicherheitsangabe des Formulars fehlt. Bitte das Formular neu laden und erneut absenden.")
                : null;
        }

        var issuedAt = challenge.Length <= MaxChallengeLength ? await ReadAsync(challenge, fundId, cancellationToken) : null;
        var now = time.GetUtcNow();
        if (issuedAt is null || issuedAt > now + ClockSkew)
        {
            throw Refused(ChallengeHeader, "Die Sicherheitsangabe des Formulars ist ungültig. Bitte das Formular neu laden und erneut absenden.");
        }

        if (now - issuedAt > TimeSpan.FromHours(settings.ChallengeLifetimeHours))
        {
            throw Refused(
                ChallengeHeader,
                $"Das Formular ist abgelaufen: Es wurde vor mehr als {settings.ChallengeLifetimeHours} Stunden geöffnet. Bitte neu laden und erneut absenden.");
        }

        if (settings.ProofOfWorkEnabled)
        {
            var nonce = request.Headers[ProofHeader].ToString();
            if (nonce.Length == 0)
            {
                throw Refused(ProofHeader, "Der Rechennachweis des Formulars fehlt. Bitte das Formular neu laden und erneut absenden.");
            }

            if (!IsWellFormedNonce(nonce) || LeadingZeroBits(challenge, nonce) < settings.ProofOfWorkBits)
            {
                throw Refused(ProofHeader, "Der Rechennachweis des Formulars passt nicht zur Sicherheitsangabe. Bitte das Formular neu laden und erneut absenden.");
            }
        }

        return new VerifiedChallenge(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(challenge)))[..32], issuedAt.Value);
    }

    /// <summary>Leading zero bits of SHA-256 over the UTF-8 bytes of challenge and nonce, one after the other.</summary>
    public static int LeadingZeroBits(string challenge, string nonce)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(challenge + nonce));
        var bits = 0;
        foreach (var b in hash)
        {
            if (b == 0)
            {
                bits += 8;
                continue;
            }

            return bits + System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
        }

        return bits;
    }

    private async Task<DateTimeOffset?> ReadAsync(string challenge, string fundId, CancellationToken cancellationToken)
    {
        var parts = challenge.Split('.');
        if (parts.Length != 5 || parts[0] != Version || parts[1] != fundId
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            return null;
        }

        var body = challenge[..challenge.LastIndexOf('.')];
        var expected = Encoding.ASCII.GetBytes(Mac(await key.GetAsync(cancellationToken), body));
        var given = Encoding.ASCII.GetBytes(parts[4]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }

    private static bool IsWellFormedNonce(string nonce) =>
        nonce.Length <= MaxNonceLength && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Mac(byte[] key, string body) => Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("mintfonds-form|" + body))[..16]);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ProblemException Refused(string field, string message) => new(Problems.FormChallenge(field, message));
}
