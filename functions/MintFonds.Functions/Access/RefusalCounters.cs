using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Platform.RateLimits;

namespace MintFonds.Functions.Access;

/// <summary>What to do with one refusal of a caller without a valid token.</summary>
public enum RefusalTreatment
{
    /// <summary>Write it to the audit trail.</summary>
    Audit,

    /// <summary>Counted; the trail already shows enough of this client or fund in this hour.</summary>
    CountOnly,

    /// <summary>Over a limit: answer 429, count and write nothing.</summary>
    TooMany,
}

/// <param name="LimitReached">"client" or "fund" when this very refusal reached that limit (it is audited, so the
/// trail shows that the limit took effect); otherwise null.</param>
public sealed record RefusalVerdict(RefusalTreatment Treatment, string ClientKey, TimeSpan RetryAfter, string? LimitReached = null);

/// <summary>
/// Counts refused requests without a valid token in the Counters table, per clock hour (UTC): PartitionKey
/// "refusals|{yyyyMMddHH}|{subject}", RowKey "all" for all clients together and "client-{client key}" per client.
/// Both counters of a refusal are raised together (<see cref="WindowCounters"/>: one ETag-guarded transaction,
/// retried when it loses a race, own lost answers recognised), so every counted refusal is counted exactly once. A
/// counter stops at its limit: a refusal that finds it there writes nothing and is answered 429. A flood therefore
/// costs two point reads per request, and one partition never holds more than
/// <see cref="AbuseSettings.LimitPerFundPerHour"/> + 1 rows, however many addresses a caller makes up.
/// </summary>
public sealed class RefusalCounters(WindowCounters counters, IOptions<AbuseSettings> options, TimeProvider time)
{
    public const string Series = "refusals";

    private const string AllRow = "all";

    public async Task<RefusalVerdict> CountAsync(string subject, HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var hour = FixedWindow.Containing(now, FixedWindow.Hour);
        var retryAfter = hour.RetryAfter(now);
        var clientKey = ClientKey.For(request, hour, settings.TrustedProxyHops);
        // The hour first, so the sweep can remove past hours by a key range (CounterSweep).
        var partition = $"{Series}|{hour.Start:yyyyMMddHH}|{subject}";
        var take = await counters.TryTakeAsync(
            partition,
            [new CounterLimit(AllRow, settings.LimitPerFundPerHour), new CounterLimit("client-" + clientKey, settings.LimitPerClientPerHour)],
            cancellationToken);
        return take.Taken
            ? Judge(settings, take.Counts[0], take.Counts[1], clientKey, retryAfter)
            : new RefusalVerdict(RefusalTreatment.TooMany, clientKey, retryAfter);
    }

    private static RefusalVerdict Judge(AbuseSettings settings, long all, long client, string clientKey, TimeSpan retryAfter)
    {
        if (client == settings.LimitPerClientPerHour)
        {
            return new RefusalVerdict(RefusalTreatment.Audit, clientKey, retryAfter, "client");
        }

        if (all == settings.LimitPerFundPerHour)
        {
            return new RefusalVerdict(RefusalTreatment.Audit, clientKey, retryAfter, "fund");
        }

        return client <= settings.AuditedPerClientPerHour && all <= settings.AuditedPerFundPerHour
            ? new RefusalVerdict(RefusalTreatment.Audit, clientKey, retryAfter)
            : new RefusalVerdict(RefusalTreatment.CountOnly, clientKey, retryAfter);
    }
}
