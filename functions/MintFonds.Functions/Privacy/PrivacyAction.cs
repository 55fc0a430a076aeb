using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

public enum PrivacyActionKind
{
    /// <summary>Deleted: no duty keeps it.</summary>
    Erased,

    /// <summary>Personal data replaced; anonymous figures kept for statistics.</summary>
    Anonymised,

    /// <summary>Kept for a legal duty until <see cref="PrivacyAction.RetainUntil"/>, used for nothing else (Art. 18 DSGVO).</summary>
    Restricted,
}

/// <summary>What an erasure request or the retention timer did with one record, and why.</summary>
/// <param name="Record">The record, by id only: <c>application/MRF-2026-0001</c>, <c>sponsor/…</c>, <c>payment/…</c>, …</param>
/// <param name="Action">What was done.</param>
/// <param name="Reason">Why, in words (the legal duty for a restricted record).</param>
/// <param name="RetainUntil">For a restricted record: the last day of its duty; it is anonymised after that day.</param>
public sealed record PrivacyAction(string Record, PrivacyActionKind Action, string Reason, DateOnly? RetainUntil = null);

/// <summary>An ETag-guarded change that survives lost answers and races.</summary>
public static class GuardedChange
{
    private const int MaxAttempts = 10;

    /// <summary>
    /// Applies <paramref name="change"/> to the stored document and replaces it with its ETag. The change returns null
    /// when the document already is as wanted; so a 412, whether from someone else's change or from our own write whose
    /// answer was lost (the SDK retried it), re-reads and either finds the change in place or applies it again.
    /// </summary>
    /// <returns>The document as stored afterwards, or null if there is none.</returns>
    public static async Task<T?> ApplyAsync<T>(DocumentTable<T> table, string partitionKey, string rowKey, Func<T, T?> change, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await table.GetAsync(partitionKey, rowKey, cancellationToken);
            if (stored is null)
            {
                return null;
            }

            if (change(stored.Value) is not { } changed)
            {
                return stored.Value;
            }

            try
            {
                await table.ReplaceAsync(partitionKey, rowKey, changed, stored.ETag, cancellationToken);
                return changed;
            }
            catch (StorageConflictException)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new InvalidOperationException($"Row {partitionKey}/{rowKey} kept changing.");
    }
}
