using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Time;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Tools.Benchmark;

/// <summary>One run of the outbox relay timer: how long it took, how many requests it sent, how many table rows they returned, and how many of its queries were scans.</summary>
internal sealed record RelayRun(int History, double Ms, long Requests, long RowsRead, long Scans);

/// <summary>
/// The outbox relay timer at two history sizes (applications accepted before), each time with the same few pending
/// outbox rows: what it costs must depend on the pending rows only, not on the history.
/// </summary>
internal static class RelayBench
{
    public const int PendingRows = 5;

    public static async Task<List<RelayRun>> RunAsync(BenchmarkApp app, Options options)
    {
        await app.Storage.Queue(Floors.Queue).CreateIfNotExistsAsync();
        var fundId = await Samples.NewFundAsync(app);
        var today = BerlinTime.Today(app.Clock);
        var path = $"/api/funds/{fundId}/calls/{Samples.CallId}/applications";
        var accepted = 0;
        var runs = new List<RelayRun>();
        foreach (var history in new[] { options.SmallHistory, options.LargeHistory })
        {
            var first = accepted;
            await Load.RunAsync(app, "history", 4, history - first, async i => await app.PostAsync<ApplicationFunctions>(
                path, (f, r) => f.SubmitApplication(r, fundId, Samples.CallId, CancellationToken.None), Samples.Application(today, first + i), headers: await app.FormHeadersAsync(fundId)));
            accepted = history;
            for (var repetition = 0; repetition < options.Repetitions; repetition++)
            {
                runs.Add(await MeasureAsync(app, fundId, history));
            }
        }

        return runs;
    }

    private static async Task<RelayRun> MeasureAsync(BenchmarkApp app, string fundId, int history)
    {
        var table = app.Storage.Table(TableNames.Applications);
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < PendingRows; i++)
        {
            await table.AddEntityAsync(OutboxEntry.Create(fundId, "bench-" + Guid.NewGuid().ToString("N"), Floors.Queue, "{}", now));
        }

        // The rows must look older than the relay's grace period; the app's clock moves, the storage's does not matter.
        app.Clock.Offset = OutboxRelayFunctions.GracePeriod + TimeSpan.FromMinutes(1);
        try
        {
            app.Counter.Reset();
            var clock = Stopwatch.StartNew();
            await app.Get<OutboxRelayFunctions>().RelayOutbox(new TimerInfo(), CancellationToken.None);
            clock.Stop();
            var counts = app.Counter.Snapshot();
            return new RelayRun(history, clock.Elapsed.TotalMilliseconds, counts.Requests, counts.Rows, counts.Scans);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }
}
