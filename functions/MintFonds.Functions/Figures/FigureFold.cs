using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Figures;

/// <summary>
/// Folds the pending figure facts of one partition into its aggregate rows (see <see cref="FigureRows"/>).
/// <para><b>Consistency design.</b> One round reads the oldest pending <c>figpending-</c> rows of the partition (a key
/// range that holds only what is not yet counted), the aggregate rows they add to, the institution markers they may
/// set and the grant breakdowns they need (point reads), and then commits ONE entity-group transaction: the aggregate
/// rows replaced with the ETags read (or inserted where new), the new marker and breakdown rows inserted, and the folded
/// facts deleted with their ETags. So a fact is counted exactly once: either its deletion and its sums commit together,
/// or neither does. Two folds of the same partition (the timer and a report run) race on the aggregate rows' ETags;
/// the loser reads again and finds those facts gone. A lost answer looks the same (412/404 on the retry) and heals the
/// same way. A crash leaves the facts pending for the next fold; nothing is counted twice or lost.</para>
/// <para><b>Size.</b> A transaction holds at most 100 entities; a round takes facts only while its writes fit, the
/// rest waits for the next round.</para>
/// <para><b>When it runs.</b> The <c>FoldFigures</c> timer folds every active fund (two range reads per fund when
/// nothing is pending) so the transparency page is at most one timer period behind; the report run folds the fund
/// before it plans and the state-wide view before it reads, so what they show is complete. It is deliberately not run
/// inside intake or the ledger's transactions: those stay one request each.</para>
/// </summary>
public sealed partial class FigureFold(StorageAccount storage, ApplicationStore applications, ILogger<FigureFold> logger)
{
    private const int FactsPerRound = 40;
    private const int MaxConflicts = 30;

    /// <summary>Folds both partitions of a fund that hold facts (its applications and its ledger).</summary>
    public async Task<int> FoldFundAsync(string fundId, CancellationToken cancellationToken) =>
        await FoldAsync(TableNames.Applications, fundId, cancellationToken) + await FoldAsync(TableNames.Ledger, fundId, cancellationToken);

    /// <returns>How many facts were folded.</returns>
    public async Task<int> FoldAsync(string tableName, string partitionKey, CancellationToken cancellationToken)
    {
        var table = storage.Table(tableName);
        var folded = 0;
        var conflicts = 0;
        while (true)
        {
            var facts = new List<TableEntity>();
            await foreach (var page in table.QueryAsync<TableEntity>(LedgerRows.Range(partitionKey, FigureEvents.PendingPrefix), FactsPerRound, cancellationToken: cancellationToken).AsPages())
            {
                facts.AddRange(page.Values);
                break;
            }

            if (facts.Count == 0)
            {
                return folded;
            }

            var round = await TryRoundAsync(table, partitionKey, facts, cancellationToken);
            if (round > 0)
            {
                folded += round;
                continue;
            }

            if (++conflicts >= MaxConflicts)
            {
                LogGaveUp(logger, tableName, partitionKey);
                return folded;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * Math.Min(conflicts, 10))), cancellationToken);
        }
    }

    /// <returns>The facts folded, or 0 when something changed since it was read (read again).</returns>
    private async Task<int> TryRoundAsync(TableClient table, string partitionKey, List<TableEntity> facts, CancellationToken cancellationToken)
    {
        var reads = new RowCache(table, partitionKey);
        var writes = new Dictionary<string, (TableEntity Entity, bool Insert)>(StringComparer.Ordinal);
        var aggregates = new Dictionary<string, (FigureCounters Counters, ETag ETag)>(StringComparer.Ordinal);
        var deletes = new List<TableEntity>();
        var publishing = new Dictionary<string, (bool Want, TableEntity? Stored)>(StringComparer.Ordinal);

        // Oldest first (the key starts with the time); at the same instant an approval before what follows from it.
        foreach (var (row, change) in facts.Select(f => (Row: f, Change: FigureEvents.Read(f)))
            .OrderBy(f => f.Change.At).ThenBy(f => f.Change.Kind == FigureKind.GrantApproved ? 0 : 1).ThenBy(f => f.Row.RowKey, StringComparer.Ordinal))
        {
            var (dims, grantRow, published) = await DimsAsync(reads, writes, change, cancellationToken);
            var planned = new Dictionary<string, (TableEntity, bool)>(StringComparer.Ordinal);
            var plannedPublishing = new Dictionary<string, (bool Want, TableEntity? Stored)>(StringComparer.Ordinal);
            var newPublished = 0;
            var periods = FigureRows.PeriodsOf(change.At);
            var newInstitution = new Dictionary<string, bool>(StringComparer.Ordinal);
            if (change.Kind == FigureKind.GrantApproved && (change.InstitutionKey ?? dims.InstitutionKey) is { } institution)
            {
                foreach (var period in periods)
                {
                    var key = FigureRows.Institution(period, institution);
                    var known = writes.ContainsKey(key) || planned.ContainsKey(key) || await reads.GetAsync(key, cancellationToken) is not null;
                    newInstitution[period] = !known;
                    if (!known)
                    {
                        planned[key] = (new TableEntity(partitionKey, key) { ["At"] = change.At }, true);
                    }
                }
            }

            if (grantRow is not null && !writes.ContainsKey(grantRow.RowKey))
            {
                planned[grantRow.RowKey] = (grantRow, await reads.GetAsync(grantRow.RowKey, cancellationToken) is null);
            }

            if (change.Kind == FigureKind.UseAccepted && change.Reference is { Length: > 0 } used)
            {
                // The grant's people reached, for the sponsor report's line of this project (on a copy: the round may end before this fact).
                var key = FigureRows.Grant(used);
                (TableEntity? Entity, bool Insert) existing;
                if (planned.TryGetValue(key, out var now) || writes.TryGetValue(key, out now))
                {
                    existing = now;
                }
                else
                {
                    var stored = await reads.GetAsync(key, cancellationToken);
                    existing = (stored, stored is null);
                }

                var grant = existing.Entity is null ? FigureRows.GrantEntity(partitionKey, used, dims) : new TableEntity(existing.Entity);
                grant["Participants"] = (grant.GetInt32("Participants") ?? 0) + (change.ParticipantsByStage?.Values.Sum() ?? 0);
                planned[key] = (grant, existing.Insert);
            }

            if (published is { } publish)
            {
                // The desired state of the grant's figpub- row after this fact; written below only where it differs from storage.
                var key = FigureRows.Published(change.Reference!);
                var stored = await reads.GetAsync(key, cancellationToken);
                if (!publishing.ContainsKey(key))
                {
                    newPublished++;
                }

                plannedPublishing[key] = (publish, stored);
            }

            var newAggregates = newPublished;
            foreach (var period in periods)
            {
                if (!aggregates.ContainsKey(FigureRows.Aggregate(period)))
                {
                    newAggregates++;
                }
            }

            if (writes.Count + publishing.Count + aggregates.Count + newAggregates + planned.Count + deletes.Count + 1 > PartitionBatch.MaxActions)
            {
                break; // the rest waits for the next round
            }

            foreach (var period in periods)
            {
                var key = FigureRows.Aggregate(period);
                if (!aggregates.TryGetValue(key, out var aggregate))
                {
                    var stored = await reads.GetAsync(key, cancellationToken);
                    aggregate = (FigureCounters.Parse(stored?.GetString("Figures")), stored?.ETag ?? default);
                    aggregates[key] = aggregate;
                }

                FigureMath.Apply(aggregate.Counters, change, dims, newInstitution.GetValueOrDefault(period));
            }

            foreach (var (key, write) in planned)
            {
                writes[key] = write;
            }

            foreach (var (key, state) in plannedPublishing)
            {
                publishing[key] = state;
            }

            deletes.Add(row);
        }

        var batch = new PartitionBatch(partitionKey);
        foreach (var (key, (counters, etag)) in aggregates)
        {
            var entity = new TableEntity(partitionKey, key) { ["Figures"] = counters.ToJson(), ETag = etag };
            if (etag == default)
            {
                batch.Add(entity);
            }
            else
            {
                batch.ReplaceIfUnchanged(entity);
            }
        }

        foreach (var (key, (want, stored)) in publishing)
        {
            if (want && stored is null)
            {
                batch.Add(new TableEntity(partitionKey, key) { ["Reference"] = key[FigureRows.PublishedPrefix.Length..] });
            }
            else if (!want && stored is not null)
            {
                batch.Delete(stored);
            }
        }

        foreach (var (_, (entity, insert)) in writes)
        {
            if (insert)
            {
                batch.Add(entity);
            }
            else
            {
                batch.Upsert(entity);
            }
        }

        foreach (var fact in deletes)
        {
            batch.Delete(fact);
        }

        try
        {
            await batch.SubmitAsync(table, cancellationToken);
            return deletes.Count;
        }
        catch (RequestFailedException ex) when (TransactionFailure.IsConflict(ex))
        {
            return 0;
        }
    }

    /// <summary>
    /// The breakdown of a fact: its own, or for an approval the application's (read once, kept as the grant's
    /// <c>figgrant-</c> row), or for later facts about a grant that row. Also whether the grant is to be listed as
    /// published (approval with consent) or no longer (released).
    /// </summary>
    private async Task<(GrantDims Dims, TableEntity? GrantRow, bool? Published)> DimsAsync(
        RowCache reads, Dictionary<string, (TableEntity Entity, bool Insert)> writes, FigureEvent change, CancellationToken cancellationToken)
    {
        var own = new GrantDims(change.Stages ?? [], change.MintFields ?? [], change.District, change.InstitutionKey);
        if (change.Reference is not { Length: > 0 } reference || change.Kind is FigureKind.MoneyReceived or FigureKind.ApplicationSubmitted)
        {
            return (own, null, null);
        }

        if (change.Kind == FigureKind.GrantApproved)
        {
            var found = await applications.FindAsync(change.FundId, reference, cancellationToken);
            if (found is { Application: var a })
            {
                var dims = new GrantDims(a.Project.EducationStages, a.Project.MintFields, a.Institution.District, a.InstitutionKey);
                return (dims, FigureRows.GrantEntity(reads.PartitionKey, reference, dims), a.Consents.PublishProject);
            }

            return (own, FigureRows.GrantEntity(reads.PartitionKey, reference, own), false);
        }

        // This round may have just planned the grant's row (its approval is folded in the same transaction).
        var stored = writes.TryGetValue(FigureRows.Grant(reference), out var planned) ? planned.Entity : await reads.GetAsync(FigureRows.Grant(reference), cancellationToken);
        var known = stored is null ? own : FigureRows.ReadGrant(stored);
        var merged = own.Stages.Count > 0 ? own : known with { InstitutionKey = own.InstitutionKey ?? known.InstitutionKey };
        return (merged, null, change.Kind == FigureKind.GrantReleased ? false : null);
    }

    /// <summary>Point reads within one round, each row read at most once.</summary>
    private sealed class RowCache(TableClient table, string partitionKey)
    {
        private readonly Dictionary<string, TableEntity?> _rows = new(StringComparer.Ordinal);

        public string PartitionKey => partitionKey;

        public async Task<TableEntity?> GetAsync(string rowKey, CancellationToken cancellationToken)
        {
            if (!_rows.TryGetValue(rowKey, out var row))
            {
                var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
                row = response.HasValue ? response.Value : null;
                _rows[rowKey] = row;
            }

            return row;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Figures of {Table}/{Partition} not folded: too many concurrent changes; the next fold continues")]
    private static partial void LogGaveUp(ILogger logger, string table, string partition);
}
