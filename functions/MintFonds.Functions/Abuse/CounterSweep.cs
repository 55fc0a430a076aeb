using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Access;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Abuse;

/// <summary>A kind of counter partition, "{Series}|{time label}…", and how long its rows matter.</summary>
/// <param name="LabelFormat">The time label's format right after the series name (UTC, or the Berlin day for the quota).</param>
public sealed record CounterSeries(string Series, string LabelFormat, TimeSpan KeepFor);

/// <summary>
/// Removes counter rows nobody reads any more: past rate-limit windows, confirmation-quota days before yesterday,
/// marks of expired form challenges. Every such partition starts with its series and a time label
/// ("anonymous-submissions|202611260900", "confirmations|20261126|…", "challenge|2026112609|…"), so the rows to
/// remove are ONE key range per series — the query returns exactly them and nothing still in use, and since each run
/// removes what it found, a run's cost is what expired since the last one, never the history. The form challenges'
/// signing key lives in the same table under another partition and is never in a range.
/// Consistency: deletes are unconditional (ETag *): an expired row is never written again, so nothing can race with
/// its removal; a 404 means a previous run (or a parallel one) removed it already.
/// </summary>
public sealed class CounterSweep(StorageAccount storage, IOptions<AbuseSettings> options, TimeProvider time)
{
    private const int BatchSize = 100;

    private readonly TableClient _table = storage.Table(TableNames.Counters);

    /// <summary>The series and how long each is kept after its window began.</summary>
    public IReadOnlyList<CounterSeries> Series =>
    [
        new(AnonymousLimits.Submissions, "yyyyMMddHHmm", TimeSpan.FromHours(2)),
        new(AnonymousLimits.StatusChecks, "yyyyMMddHHmm", TimeSpan.FromHours(2)),
        new(RefusalCounters.Series, "yyyyMMddHH", TimeSpan.FromHours(2)),

        // Yesterday's quota row is still asked for a send retried after midnight.
        new(ConfirmationQuota.Series, "yyyyMMdd", TimeSpan.FromDays(3)),
        new(ChallengeClaims.Series, "yyyyMMddHH", TimeSpan.FromHours(options.Value.ChallengeLifetimeHours + 2)),
    ];

    /// <returns>How many rows were removed.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var series in Series)
        {
            var cutoff = (now - series.KeepFor).UtcDateTime.ToString(series.LabelFormat, CultureInfo.InvariantCulture);
            var from = series.Series + "|";
            var to = series.Series + "|" + cutoff;
            var expired = _table.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
            await foreach (var partition in Partitions(expired, cancellationToken))
            {
                removed += await DeleteAsync(partition, cancellationToken);
            }
        }

        return removed;
    }

    // The query answers in key order, so one partition's rows come together: delete them in batches of at most 100.
    private static async IAsyncEnumerable<List<TableEntity>> Partitions(
        AsyncPageable<TableEntity> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = new List<TableEntity>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (current.Count > 0 && (current[0].PartitionKey != row.PartitionKey || current.Count == BatchSize))
            {
                yield return current;
                current = [];
            }

            current.Add(row);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    private async Task<int> DeleteAsync(List<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
            return rows.Count;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // Some were removed meanwhile (a parallel run): remove the rest one by one.
            var removed = 0;
            foreach (var row in rows)
            {
                try
                {
                    await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                    removed++;
                }
                catch (RequestFailedException gone) when (gone.Status == 404)
                {
                }
            }

            return removed;
        }
    }
}
