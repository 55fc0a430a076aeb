using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Audit;

/// <summary>
/// The Audit table: PartitionKey = subject (fund id, or "platform"), RowKey = inverted time + a random suffix, so the
/// newest entries of a fund come first and two entries in the same tick never collide. Rows are only ever added.
/// Targets come from request paths, i.e. from anyone: they are stored short and without control characters.
/// An entry about a person's record (<c>application/…</c>, <c>pledge/…</c>, <c>sponsor/…</c>, <c>payment/…</c>,
/// <c>receipt/…</c>) is also written under <c>{subject}~{kind}~{id}</c>, so a data-subject request reads the entries
/// about that record alone, never the fund's whole trail. The fund's trail is written first: a crash in between costs
/// the export one entry, never the trail. Entries of things done are hash-chained per subject (<see cref="AuditChain"/>).
/// </summary>
public sealed class AuditLog(StorageAccount storage, TimeProvider time) : DocumentTable<AuditEntry>(storage.Table(TableNames.Audit))
{
    public const string PlatformSubject = "platform";

    public const int MaxTargetLength = 200;

    /// <summary>Target kinds that name a person's records.</summary>
    public static readonly IReadOnlyList<string> PersonTargetKinds = ["application", "pledge", "sponsor", "payment", "receipt"];

    private const int MaxPerTarget = 1000;

    private const int MaxChainAttempts = 20;

    // The chain head shares the subject's partition (one transaction with each entry); lists leave it out.
    private static readonly string NotHead = TableClient.CreateQueryFilter($"RowKey ne {AuditChain.HeadKey}");

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(AuditEntry document) =>
    [
        new("Action", document.Action),
        new("Outcome", document.Outcome.ToString()),
        new("PrincipalId", document.PrincipalId),
        new("Target", document.Target),
    ];

    /// <summary>The time part of a RowKey: later instants give smaller keys.</summary>
    public static string InvertedTime(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var stamped = entry.Outcome == AuditOutcome.Refused
            ? await AddUnchainedAsync(entry, cancellationToken)
            : (await AppendToChainAsync([entry], cancellationToken))[0];
        if (TargetPartition(entry.Subject, stamped.Target) is { } byTarget)
        {
            await AddAsync(byTarget, stamped.Id!, stamped, cancellationToken);
        }
    }

    /// <summary>
    /// Several entries of things done to one subject (e.g. <c>fund.create</c> and <c>fund.copy</c> of one request), chained
    /// in the given order and written with the advanced head in ONE table transaction: the trail holds all of them or
    /// none. Only for entries without a person-record target (those are written to a second partition as well).
    /// </summary>
    public async Task WriteAllAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        if (entries.Count >= PartitionBatch.MaxActions
            || entries.Any(e => e.Subject != entries[0].Subject || e.Outcome == AuditOutcome.Refused || TargetPartition(e.Subject, e.Target) is not null))
        {
            throw new ArgumentException("One transaction holds entries of things done to one subject, without person-record targets.", nameof(entries));
        }

        await AppendToChainAsync(entries, cancellationToken);
    }

    private async Task<AuditEntry> AddUnchainedAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var stamped = entry with { Id = NewRowKey(at), At = at, Target = Clean(entry.Target) };
        await AddAsync(entry.Subject, stamped.Id!, stamped, cancellationToken);
        return stamped;
    }

    /// <summary>
    /// The entries (one subject) and the advanced chain head in one transaction; see <see cref="AuditChain"/> for why it
    /// stays correct. Each entry builds on the one before it: sequence + 1, the previous hash, a time at least a tick later.
    /// </summary>
    private async Task<IReadOnlyList<AuditEntry>> AppendToChainAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var subject = entries[0].Subject;
        for (var attempt = 1; ; attempt++)
        {
            var read = await Table.GetEntityIfExistsAsync<TableEntity>(subject, AuditChain.HeadKey, cancellationToken: cancellationToken);
            var head = read.HasValue ? read.Value : null;
            var (sequence, previousHash, previousAt) = AuditChain.Read(head);
            var batch = new PartitionBatch(subject);
            var chainedEntries = new List<AuditEntry>(entries.Count);
            foreach (var entry in entries)
            {
                var now = time.GetUtcNow();
                var at = now > previousAt ? now : previousAt.AddTicks(1);
                var chained = entry with
                {
                    Id = NewRowKey(at), At = at, Target = Clean(entry.Target), Sequence = ++sequence, PreviousHash = previousHash, Hash = null,
                };
                chained = chained with { Hash = AuditChain.HashOf(chained) };
                batch.Add(ToEntity(subject, chained.Id!, chained));
                chainedEntries.Add(chained);
                (previousHash, previousAt) = (chained.Hash!, at);
            }

            var newHead = AuditChain.Head(subject, chainedEntries[^1], head);
            _ = head is null ? batch.Add(newHead) : batch.ReplaceIfUnchanged(newHead);
            try
            {
                await batch.SubmitAsync(Table, cancellationToken);
                return chainedEntries;
            }
            catch (RequestFailedException ex)
            {
                // Committed with a lost answer? Our row keys are new, so a row under the first is ours (all or none).
                if ((await Table.GetEntityIfExistsAsync<TableEntity>(subject, chainedEntries[0].Id!, ["PartitionKey"], cancellationToken)).HasValue)
                {
                    return chainedEntries;
                }

                if (ex.Status is not (409 or 412) || attempt >= MaxChainAttempts)
                {
                    throw;
                }

                // Another entry took this place: build on the new head.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
        }
    }

    private static string NewRowKey(DateTimeOffset at) => $"{InvertedTime(at)}-{Guid.NewGuid():N}";

    /// <summary>The entries about one record of a person (e.g. <c>payment/…</c>), newest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListForTargetAsync(string subject, string target, CancellationToken cancellationToken) =>
        TargetPartition(subject, target) is { } partition ? ListAsync(partition, MaxPerTarget, cancellationToken) : Task.FromResult<IReadOnlyList<AuditEntry>>([]);

    /// <summary>The partition of a person-record target, or null for any other target (or one with unsafe characters).</summary>
    public static string? TargetPartition(string subject, string? target)
    {
        var slash = target?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || !PersonTargetKinds.Contains(target![..slash]))
        {
            return null;
        }

        var id = target[(slash + 1)..];
        return id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? $"{subject}~{target[..slash]}~{id}"
            : null;
    }

    /// <summary>One page of a subject's entries, newest first.</summary>
    public async Task<AuditPage> QueryAsync(string subject, AuditQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var (documents, next) = await QueryPageAsync($"({query.Filter(subject)}) and {NotHead}", query.ContinuationToken, query.PageSize, cancellationToken);
            return new AuditPage([.. documents.Select(d => d.Value)], AuditQuery.Wrap(next));
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && query.ContinuationToken is not null)
        {
            throw AuditQuery.BadToken();
        }
    }

    /// <summary>The newest entries of a subject, at most <paramref name="max"/>; for tests and tools, not for requests.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string subject, int max, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await foreach (var stored in QueryPartitionAsync(subject, NotHead, cancellationToken))
        {
            entries.Add(stored.Value);
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }

    // Control and format characters (line breaks, bidi overrides) could forge or disguise lines in whatever shows the
    // trail; whole runes are kept, so a cut never splits a character.
    private static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var kept = new StringBuilder(Math.Min(text.Length, 4 * MaxTargetLength));
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsControl(rune) && Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format)
            {
                kept.Append(rune.ToString());
            }
        }

        if (kept.Length <= MaxTargetLength)
        {
            return kept.ToString();
        }

        var cut = MaxTargetLength - 1;
        if (char.IsLowSurrogate(kept[cut]))
        {
            cut--;
        }

        return kept.ToString(0, cut) + "…";
    }
}
