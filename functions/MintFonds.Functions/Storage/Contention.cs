namespace MintFonds.Functions.Storage;

/// <summary>
/// Back-off between attempts of an optimistic write that lost a race: exponential with full jitter and a cap. The
/// delay is drawn uniformly from [0, min(<see cref="Cap"/>, <see cref="Base"/> · 2^(attempt−1))], so writers that
/// collided spread out instead of colliding again in step, and a long wait never exceeds the cap.
/// </summary>
public static class Contention
{
    public static readonly TimeSpan Base = TimeSpan.FromMilliseconds(4);

    public static readonly TimeSpan Cap = TimeSpan.FromMilliseconds(250);

    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Delay(int attempt, double random)
    {
        var ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromMilliseconds(ceiling * Math.Clamp(random, 0, 1));
    }

    // Real time, not the injected clock: this is about spreading concurrent writers, not about business time.
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(Delay(attempt, Random.Shared.NextDouble()), cancellationToken);
}
