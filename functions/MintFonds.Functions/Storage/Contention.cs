namespace MintFonds.Functions.Storage;

/// <summary>Back-off between attempts of an optimistic write that lost a race: short, growing, jittered.</summary>
public static class Contention
{
    // Real time, not the injected clock: this is about spreading concurrent writers, not about business time.
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 + Math.Min(attempt * 5, 200))), cancellationToken);
}
