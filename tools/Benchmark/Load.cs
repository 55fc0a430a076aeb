using System.Diagnostics;
using MintFonds.Functions.Storage;

namespace MintFonds.Tools.Benchmark;

/// <summary>One measured run: <see cref="Count"/> submissions by <see cref="Concurrency"/> clients, with every storage request counted.</summary>
internal sealed record Run(string Scenario, int Concurrency, int Count, double Seconds, double[] LatenciesMs, StorageCounts Storage)
{
    public double PerSecond => Count / Seconds;

    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double RequestsPerSubmission => (double)Storage.Requests / Count;

    /// <summary>Requests to the <c>Counters</c> table: the abuse layer's share (rate limits, challenge marks, confirmation quota).</summary>
    public double CounterRequestsPerSubmission => (double)Storage.RequestsTo("table Counters ") / Count;

    /// <summary>Time spent in storage requests per submission (Azurite on the same machine): the rest of a submission's latency is the app's own work.</summary>
    public double StorageMsPerSubmission => Storage.Milliseconds / Count;

    public double FailedRequestsPerSubmission => (double)Storage.Operations.Sum(o => o.Failed) / Count;

    private double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

internal static class Load
{
    /// <summary>Runs <paramref name="submit"/> for 0..count-1 with <paramref name="concurrency"/> clients, each sending its next one when the last is answered.</summary>
    public static async Task<Run> RunAsync(BenchmarkApp app, string scenario, int concurrency, int count, Func<int, Task> submit)
    {
        app.Counter.Reset();
        var next = -1;
        var latencies = new double[count];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                await submit(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        clock.Stop();
        return new Run(scenario, concurrency, count, clock.Elapsed.TotalSeconds, latencies, app.Counter.Snapshot());
    }
}
