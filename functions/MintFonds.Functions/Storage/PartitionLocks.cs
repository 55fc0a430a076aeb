using System.Collections.Concurrent;

namespace MintFonds.Functions.Storage;

/// <summary>
/// One async lock per table partition within this instance. Writers of an ETag-guarded counter take it around "read
/// the counter, commit": concurrent submissions in one instance then queue here instead of racing in storage, where
/// every lost race costs a failed transaction and a new read. Correctness never depends on it (the ETag still guards
/// against other instances); it only keeps one instance from competing with itself.
/// <para>Partitions whose number grows without bound (one per address and day) use <see cref="EnterStripeAsync"/>:
/// a fixed set of locks chosen by hash, so memory stays constant; unrelated partitions sharing a stripe only wait their turn.</para>
/// </summary>
public sealed class PartitionLocks
{
    private const int Stripes = 256;

    private readonly ConcurrentDictionary<(string Table, string Partition), SemaphoreSlim> _locks = new();
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> EnterAsync(string table, string partition, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd((table, partition), _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    /// <summary>A lock for one of very many partitions (per address and day): never nested, so stripes cannot deadlock.</summary>
    public async Task<IDisposable> EnterStripeAsync(string table, string partition, CancellationToken cancellationToken)
    {
        var semaphore = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(table + "|" + partition) % Stripes)];
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
