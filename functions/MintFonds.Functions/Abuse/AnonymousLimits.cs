using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Http;
using MintFonds.Functions.Platform.RateLimits;

namespace MintFonds.Functions.Abuse;

/// <summary>
/// Rate limits of the anonymous routes, held in the Counters table so that they hold across instances
/// (<see cref="WindowCounters"/>). Over a limit the answer is 429 with Retry-After (the end of the window), and
/// nothing is written.
/// <list type="bullet">
/// <item>Submissions (applications and pledges together), per clock hour (UTC): partition
/// "anonymous-submissions|{window}", rows "all" and "client-{client key}" raised together. Counted before the body is
/// read, so a flood costs two point reads and no parsing; every attempt counts, answered or refused.</item>
/// <item>Submissions per e-mail address, per clock hour: partition "anonymous-emails|{window}", row "email-{hash}"
/// (the hash of the normalised address and the window, never the address). Counted once the body is parsed, for
/// submissions that are not taken for a bot.</item>
/// <item>Status reads and withdrawals, per minute: partition "anonymous-status|{window}", rows "all" and
/// "client-{client key}".</item>
/// </list>
/// The "all" rows bound what a caller buys by making up X-Forwarded-For addresses: a partition never holds more than
/// its "all" limit + 1 rows. They are per deployment, not per fund, so made-up fund ids create nothing.
/// </summary>
public sealed class AnonymousLimits(WindowCounters counters, IOptions<AbuseSettings> options, TimeProvider time)
{
    private const string AllRow = "all";

    public async Task EnsureSubmissionAllowedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var window = FixedWindow.Containing(now, FixedWindow.Hour);
        var take = await counters.TryTakeAsync(
            $"anonymous-submissions|{window.Label}",
            [new CounterLimit(AllRow, settings.SubmissionsPerHour), new CounterLimit("client-" + ClientKey.For(request, window), settings.SubmissionsPerClientPerHour)],
            cancellationToken);
        if (!take.Taken)
        {
            throw new ProblemException(Problems.TooManyRequests(
                window.RetryAfter(now),
                take.Exhausted == AllRow
                    ? "Gerade gehen ungewöhnlich viele Anträge und Förderzusagen ein."
                    : "Von diesem Anschluss kamen in dieser Stunde zu viele Anträge und Förderzusagen."));
        }
    }

    /// <param name="email">The address as entered; null or blank counts nothing (validation refuses it).</param>
    /// <param name="field">The field that holds it, named in the 429.</param>
    public async Task EnsureEmailAllowedAsync(string? email, string field, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        var now = time.GetUtcNow();
        var window = FixedWindow.Containing(now, FixedWindow.Hour);
        var key = SubjectKey.Hash("mintfonds-email", window, SubjectKey.NormaliseEmail(email));
        var take = await counters.TryTakeAsync(
            $"anonymous-emails|{window.Label}", [new CounterLimit("email-" + key, options.Value.SubmissionsPerEmailPerHour)], cancellationToken);
        if (!take.Taken)
        {
            throw new ProblemException(Problems.TooManyRequests(
                window.RetryAfter(now), "Mit dieser E-Mail-Adresse kamen in dieser Stunde zu viele Anträge und Förderzusagen.", field));
        }
    }

    public async Task EnsureStatusCheckAllowedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var window = FixedWindow.Containing(now, FixedWindow.Minute);
        var take = await counters.TryTakeAsync(
            $"anonymous-status|{window.Label}",
            [new CounterLimit(AllRow, settings.StatusChecksPerMinute), new CounterLimit("client-" + ClientKey.For(request, window), settings.StatusChecksPerClientPerMinute)],
            cancellationToken);
        if (!take.Taken)
        {
            throw new ProblemException(Problems.TooManyRequests(
                window.RetryAfter(now),
                take.Exhausted == AllRow
                    ? "Gerade werden ungewöhnlich viele Anträge abgefragt."
                    : "Von diesem Anschluss kamen in dieser Minute zu viele Abfragen."));
        }
    }
}
