using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Storage;

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
/// "refusals|{subject}|{yyyyMMddHH}", RowKey "all" for all clients together and "client-{client key}" per client.
/// Both counters of a refusal are raised in one ETag-guarded transaction, retried when it loses a race, so every
/// counted refusal is counted exactly once (no lost update). A counter stops at its limit: a refusal that finds it
/// there writes nothing and is answered 429. A flood therefore costs two point reads per request, and one partition
/// never holds more than <see cref="AbuseSettings.LimitPerFundPerHour"/> + 1 rows, however many addresses a caller
/// makes up. Old hours are never read again.
/// </summary>
public sealed class RefusalCounters(StorageAccount storage, IOptions<AbuseSettings> options, TimeProvider time)
{
    private const int MaxAttempts = 20;
    private const string AllRow = "all";

    private readonly TableClient _table = storage.Table(TableNames.Counters);

    public async Task<RefusalVerdict> CountAsync(string subject, HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().ToUniversalTime();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var retryAfter = hour.AddHours(1) - now;
        var clientKey = ClientKey.For(request, hour);
        var partition = $"refusals|{subject}|{hour:yyyyMMddHH}";
        var clientRow = "client-" + clientKey;

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var allRead = _table.GetEntityIfExistsAsync<TableEntity>(partition, AllRow, cancellationToken: cancellationToken);
            var clientRead = _table.GetEntityIfExistsAsync<TableEntity>(partition, clientRow, cancellationToken: cancellationToken);
            var all = Value(await allRead);
            var client = Value(await clientRead);
            var allCount = PartitionBatch.CounterValue(all);
            var clientCount = PartitionBatch.CounterValue(client);
            if (allCount >= settings.LimitPerFundPerHour || clientCount >= settings.LimitPerClientPerHour)
            {
                return new RefusalVerdict(RefusalTreatment.TooMany, clientKey, retryAfter);
            }

            try
            {
                await new PartitionBatch(partition)
                    .SetCounter(AllRow, all, allCount + 1)
                    .SetCounter(clientRow, client, clientCount + 1)
                    .SubmitAsync(_table, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
                continue;
            }

            return Judge(settings, allCount + 1, clientCount + 1, clientKey, retryAfter);
        }

        // Still losing races after many attempts means a storm of refusals is under way: the limit is about to say the
        // same, and answering without a write is what keeps the storm cheap.
        return new RefusalVerdict(RefusalTreatment.TooMany, clientKey, retryAfter);
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

    private static TableEntity? Value(NullableResponse<TableEntity> response) => response.HasValue ? response.Value : null;
}
