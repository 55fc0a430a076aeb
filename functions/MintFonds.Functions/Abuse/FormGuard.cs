using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MintFonds.Core.Validation;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Abuse;

/// <summary>Why a submission was taken for a bot.</summary>
public enum BotSignal
{
    None,

    /// <summary>The hidden field <c>website</c>, which people never see, was filled in.</summary>
    Honeypot,

    /// <summary>Sent sooner after the form's challenge was issued than a person can fill in a form.</summary>
    TooFast,
}

/// <param name="Signal">Why the submission is taken for a bot; <see cref="BotSignal.None"/> for a person.</param>
/// <param name="Claim">The challenge's used-mark held for this submission, if a challenge came with it.</param>
/// <param name="Address">The e-mail address's quota row as this submission's count left it (for the confirmation decision).</param>
public sealed record FormCheck(BotSignal Signal, ChallengeClaim? Claim, AddressTicket? Address = null)
{
    public bool IsBot => Signal != BotSignal.None;
}

/// <summary>
/// The guard in front of the two public forms (applications, pledges), in this order:
/// <list type="number">
/// <item><see cref="AdmitAsync"/>, before the body is read: a malformed fund id is 404 (as the services answer it);
/// the submission limits per client and for everyone (429, <see cref="AnonymousLimits"/>).</item>
/// <item><see cref="CheckAsync"/>, once the body is parsed: the form challenge and its proof of work (400,
/// <see cref="FormChallenges"/>); then the bot signals: a filled honeypot or a form sent too fast is answered by the
/// caller with a decoy and nothing is stored, sent or counted further; then the e-mail address's limit (429, counted on its confirmation-quota row); then the
/// challenge is marked used for this request (409 when it served another, <see cref="ChallengeClaims"/>).</item>
/// <item><see cref="SubmitAsync{T}"/> runs the submission and gives the challenge back when it is refused.</item>
/// </list>
/// Nothing here stores any part of the body: the honeypot is read and forgotten, e-mail addresses and client addresses
/// are counted as hashes only.
/// </summary>
public sealed partial class FormGuard(
    AnonymousLimits limits,
    ConfirmationQuota quota,
    FormChallenges challenges,
    ChallengeClaims claims,
    IOptions<AbuseSettings> options,
    TimeProvider time,
    ILogger<FormGuard> logger)
{
    public async Task AdmitAsync(HttpRequest request, string fundId, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(fundId))
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
        }

        await limits.EnsureSubmissionAllowedAsync(request, cancellationToken);
    }

    /// <param name="form">"application" or "pledge", for the log.</param>
    /// <param name="website">The honeypot field as posted.</param>
    /// <param name="email">The contact's e-mail address as posted, counted by its hash.</param>
    /// <param name="emailField">Where the address is in the body, named in a 429.</param>
    public async Task<FormCheck> CheckAsync(
        HttpRequest request,
        string fundId,
        string form,
        string? website,
        string? email,
        string emailField,
        byte[] body,
        string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var challenge = await challenges.VerifyAsync(request, fundId, cancellationToken);
        var signal = !string.IsNullOrEmpty(website)
            ? BotSignal.Honeypot
            : challenge is not null && time.GetUtcNow() - challenge.IssuedAt < TimeSpan.FromSeconds(options.Value.MinimumFillSeconds)
                ? BotSignal.TooFast
                : BotSignal.None;
        if (signal != BotSignal.None)
        {
            LogBot(logger, form, fundId, signal);
            return new FormCheck(signal, null);
        }

        var address = await quota.TakeSubmissionAsync(email, emailField, cancellationToken);
        var claim = challenge is null ? null : await claims.ClaimAsync(challenge, ChallengeClaims.RequestHash(body, idempotencyKey), cancellationToken);
        return new FormCheck(BotSignal.None, claim, address);
    }

    /// <summary>Runs the submission; when it is refused with a problem (nothing stored), the challenge is given back.</summary>
    public async Task<T> SubmitAsync<T>(FormCheck check, Func<Task<T>> submit)
    {
        try
        {
            return await submit();
        }
        catch (ProblemException) when (check.Claim is { Fresh: true })
        {
            await claims.ReleaseAsync(check.Claim);
            throw;
        }
    }

    // Form, fund and signal only: nothing of what was posted.
    [LoggerMessage(Level = LogLevel.Information, Message = "Submission of a {Form} for fund {FundId} taken for a bot ({Signal}): answered with a decoy, nothing stored")]
    private static partial void LogBot(ILogger logger, string form, string fundId, BotSignal signal);
}
