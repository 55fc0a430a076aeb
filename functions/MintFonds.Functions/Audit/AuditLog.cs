using System.Globalization;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Audit;

/// <summary>
/// The Audit table: PartitionKey = subject (fund id), RowKey = inverted time + a random suffix, so the newest entries
/// of a fund come first and two entries in the same tick never collide. Rows are only ever added.
/// An entry about a person's record (<c>application/…</c>, <c>pledge/…</c>, <c>sponsor/…</c>, <c>payment/…</c>,
/// <c>receipt/…</c>) is also written under <c>{subject}~{kind}~{id}</c>, so a data-subject request reads the entries
/// about that record alone, never the fund's whole trail. The fund's trail is written first: a crash in between costs
/// the export one entry, never the trail.
/// </summary>
public sealed class AuditLog(StorageAccount storage, TimeProvider time) : DocumentTable<AuditEntry>(storage.Table(TableNames.Audit))
{
    public const string PlatformSubject = "platform";

    /// <summary>Target kinds that name a person's records.</summary>
    public static readonly IReadOnlyList<string> PersonTargetKinds = ["application", "pledge", "sponsor", "payment", "receipt"];

    private const int MaxPerTarget = 1000;

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(AuditEntry document) =>
    [
        new("Action", document.Action),
        new("Outcome", document.Outcome.ToString()),
        new("PrincipalId", document.PrincipalId),
        new("Target", document.Target),
    ];

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var stamped = entry with { At = time.GetUtcNow() };
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - stamped.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var rowKey = $"{inverted}-{Guid.NewGuid():N}";
        await AddOnceAsync(entry.Subject, rowKey, stamped, cancellationToken);
        if (TargetPartition(entry.Subject, entry.Target) is { } byTarget)
        {
            await AddOnceAsync(byTarget, rowKey, stamped, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string subject, int max, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await foreach (var stored in QueryPartitionAsync(subject, null, cancellationToken))
        {
            entries.Add(stored.Value);
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }

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

    // The row key is new for every entry, so "already exists" can only be our own insert whose answer was lost.
    private async Task AddOnceAsync(string partitionKey, string rowKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await AddAsync(partitionKey, rowKey, entry, cancellationToken);
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
        }
    }
}
