using System.Collections.Concurrent;

namespace MintFonds.Functions.Platform.RateLimits;

/// <summary>
/// A limit for all callers together (e.g. 1,000 submissions per hour in the whole deployment) that does not make every
/// request of every instance write the same row. Each instance leases a block of the window's allowance from the
/// shared counter row (one ETag-guarded write, <see cref="WindowCounters.TryTakeOneAsync"/>) and hands it out from
/// memory; the block doubles while requests keep coming (1, 2, 4 … up to <see cref="MaxBlock"/> and never more than a
/// 32nd of the limit), so a quiet deployment leases one at a time and a busy one writes the shared row once per dozens
/// of requests instead of once per request — the row stops being the point where concurrent submitters queue.
/// The price: what an instance leased and did not use before its window ended is lost, so the limit can bind up to
/// (instances × block) early — never late: the shared row never counts less than was handed out.
/// </summary>
public sealed class WindowAllowance(WindowCounters counters)
{
    public const int MaxBlock = 32;

    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    /// <summary>Takes one unit of the window's allowance; false when the window's limit is used up.</summary>
    /// <param name="series">The counters' name, e.g. "anonymous-submissions": the partition is "{series}|{window}".</param>
    /// <param name="rowKey">The shared row in it, e.g. "all".</param>
    public async Task<bool> TryTakeAsync(string series, FixedWindow window, string rowKey, long limit, CancellationToken cancellationToken)
    {
        // One lease per shared row, moved on to the next window when it comes: the dictionary never grows with time.
        var lease = _leases.GetOrAdd(series + "/" + rowKey, _ => new Lease());
        var partition = $"{series}|{window.Label}";
        await lease.Gate.WaitAsync(cancellationToken);
        try
        {
            if (lease.Partition != partition)
            {
                lease.Reset(partition);
            }

            if (lease.Left > 0)
            {
                lease.Left--;
                return true;
            }

            if (lease.Exhausted)
            {
                return false;
            }

            var ceiling = Math.Clamp(limit / 32, 1, MaxBlock);
            var block = Math.Min(lease.NextBlock, ceiling);
            var take = await counters.TryTakeOneAsync(partition, new CounterLimit(rowKey, limit), cancellationToken, block, lease.Leased);
            if (!take.Taken && take.Exhausted is not null && take.Counts[0] < limit)
            {
                // Less than a block is left: take what is left.
                block = limit - take.Counts[0];
                take = await counters.TryTakeOneAsync(partition, new CounterLimit(rowKey, limit), cancellationToken, block, exists: true);
            }

            if (!take.Taken)
            {
                // Used up (remembered until the window ends: a flood then costs no request), or a storm of lost races.
                lease.Exhausted = take.Exhausted is not null;
                return false;
            }

            lease.Leased = true;
            lease.NextBlock = Math.Min(block * 2, MaxBlock);
            lease.Left = block - 1;
            return true;
        }
        finally
        {
            lease.Gate.Release();
        }
    }

    private sealed class Lease
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public string? Partition { get; private set; }

        public long Left { get; set; }

        public long NextBlock { get; set; } = 1;

        public bool Exhausted { get; set; }

        /// <summary>This instance leased in this window before, so the shared row exists: no insert attempt.</summary>
        public bool Leased { get; set; }

        public void Reset(string partition)
        {
            Partition = partition;
            Left = 0;
            NextBlock = 1;
            Exhausted = false;
            Leased = false;
        }
    }
}
