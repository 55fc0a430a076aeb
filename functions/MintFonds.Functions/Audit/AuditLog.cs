using System.Globalization;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Audit;

/// <summary>
/// The Audit table: PartitionKey = subject (fund id), RowKey = inverted time + a random suffix, so the newest entries
/// of a fund come first and two entries in the same tick never collide. Rows are only ever added.
/// </summary>
public sealed class AuditLog(StorageAccount storage, TimeProvider time) : DocumentTable<AuditEntry>(storage.Table(TableNames.Audit))
{
    public const string PlatformSubject = "platform";

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
        await AddAsync(entry.Subject, $"{inverted}-{Guid.NewGuid():N}", stamped, cancellationToken);
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
}
