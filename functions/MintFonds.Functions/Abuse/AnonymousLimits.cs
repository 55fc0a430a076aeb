using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Http;
using MintFonds.Functions.Platform.RateLimits;

namespace MintFonds.Functions.Abuse;

/// <summary>
/// Rate limits of the anonymous routes, held in the Counters table so that they hold across instances. Over a limit the
/// answer is 429 with Retry-After (the end of the window), and nothing is written.
/// <list type="bullet">
/// <item>Submissions (applications and pledges together), per clock hour (UTC): partition
/// "anonymous-submissions|{window}", a row "client-{client key}" per client and the shared row "all". Counted before the
/// body is read, so a flood costs no parsing; every attempt counts, answered or refused. The client's row is raised
/// alone (<see cref="WindowCounters.TryTakeOneAsync"/>: its first submission in the hour is one insert, no read); the
/// shared row is leased in blocks per instance (<see cref="WindowAllowance"/>), so concurrent submitters do not queue
/// on it. The client's limit is checked first, so a client over its limit never uses up everyone's allowance.</item>
/// <item>Submissions per e-mail address, per clock hour: counted on the address's daily row of the confirmation quota
/// (<see cref="ConfirmationQuota.TakeSubmissionAsync"/>), one write that the quota's later decision builds on.</item>
/// <item>Status reads and withdrawals, per minute: partition "anonymous-status|{window}", the same two kinds of row.</item>
/// </list>
/// The "all" rows bound what a caller buys by making up X-Forwarded-For addresses: a partition never holds more than
/// its "all" limit + 1 rows. They are per deployment, not per fund, so made-up fund ids create nothing.
/// </summary>
public sealed class AnonymousLimits(WindowCounters counters, WindowAllowance allowance, IOptions<AbuseSettings> options, TimeProvider time)
{
    private const string AllRow = "all";
    public const string Submissions = "anonymous-submissions";
    public const string StatusChecks = "anonymous-status";

    public async Task EnsureSubmissionAllowedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var window = FixedWindow.Containing(now, FixedWindow.Hour);
        var refusal = await TakeAsync(
            request, Submissions, window, settings.SubmissionsPerClientPerHour, settings.SubmissionsPerHour, cancellationToken);
        if (refusal is not null)
        {
            throw new ProblemException(Problems.TooManyRequests(
                window.RetryAfter(now),
                refusal == AllRow
                    ? "Gerade gehen ungewöhnlich viele Anträge und Förderzusagen ein."
                    : "Von diesem Anschluss kamen in dieser Stunde zu viele Anträge und Förderzusagen."));
        }
    }

    public async Task EnsureStatusCheckAllowedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var window = FixedWindow.Containing(now, FixedWindow.Minute);
        var refusal = await TakeAsync(
            request, StatusChecks, window, settings.StatusChecksPerClientPerMinute, settings.StatusChecksPerMinute, cancellationToken);
        if (refusal is not null)
        {
            throw new ProblemException(Problems.TooManyRequests(
                window.RetryAfter(now),
                refusal == AllRow
                    ? "Gerade werden ungewöhnlich viele Anträge abgefragt."
                    : "Von diesem Anschluss kamen in dieser Minute zu viele Abfragen."));
        }
    }

    /// <returns>Null when taken; else the row that refused ("all" or the client's).</returns>
    private async Task<string?> TakeAsync(
        HttpRequest request, string series, FixedWindow window, long perClient, long forAll, CancellationToken cancellationToken)
    {
        var client = await counters.TryTakeOneAsync(
            $"{series}|{window.Label}", new CounterLimit("client-" + ClientKey.For(request, window, options.Value.TrustedProxyHops), perClient), cancellationToken);
        if (!client.Taken)
        {
            // Lost races to other instances many times over (no counter at its limit): busy, not "too many from you".
            return client.Exhausted is null ? throw new ProblemException(Problems.Busy()) : "client";
        }

        return await allowance.TryTakeAsync(series, window, AllRow, forAll, cancellationToken) ? null : AllRow;
    }
}
