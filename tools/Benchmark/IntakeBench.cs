using MintFonds.Core.Time;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Pledges;

namespace MintFonds.Tools.Benchmark;

/// <summary>
/// Intake at each concurrency: applications and pledges through their HTTP functions, and the four floors, one after
/// another within each repetition, so the machine's state affects all six alike.
/// </summary>
internal static class IntakeBench
{
    public const string Applications = "applications";
    public const string Pledges = "pledges";
    public const string BareFloor = "bare floor";
    public const string CounterFloor = "counter floor";
    public const string FormFloor = "form floor";
    public const string FormCounterFloor = "form counter floor";

    public static async Task<List<Run>> RunAsync(BenchmarkApp app, Options options)
    {
        var today = BerlinTime.Today(app.Clock);
        var floors = new Floors(app, Samples.Application(today, 0));
        await floors.CreateQueueAsync();

        // JIT and connection warm-up, not measured.
        await Load.RunAsync(app, "warm-up", 4, 16, await ApplicationsAsync(app, today));
        await Load.RunAsync(app, "warm-up", 4, 16, await PledgesAsync(app, today));
        await Load.RunAsync(app, "warm-up", 4, 16, i => floors.CountedAsync("floor-warm-up", i));

        var runs = new List<Run>();
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            foreach (var concurrency in options.Concurrencies)
            {
                var count = options.CountFor(concurrency);
                runs.Add(await Load.RunAsync(app, Applications, concurrency, count, await ApplicationsAsync(app, today)));
                runs.Add(await Load.RunAsync(app, Pledges, concurrency, count, await PledgesAsync(app, today)));
                var bare = "floor-" + Guid.NewGuid().ToString("N");
                runs.Add(await Load.RunAsync(app, BareFloor, concurrency, count, i => floors.BareAsync(bare, i)));
                var counted = "floor-" + Guid.NewGuid().ToString("N");
                runs.Add(await Load.RunAsync(app, CounterFloor, concurrency, count, i => floors.CountedAsync(counted, i)));
                var form = "floor-" + Guid.NewGuid().ToString("N");
                runs.Add(await Load.RunAsync(app, FormFloor, concurrency, count, i => floors.FormAsync(form, i, counted: false)));
                var formCounted = "floor-" + Guid.NewGuid().ToString("N");
                runs.Add(await Load.RunAsync(app, FormCounterFloor, concurrency, count, i => floors.FormAsync(formCounted, i, counted: true)));
                Console.Error.WriteLine($"benchmark: intake repetition {repetition}, {concurrency} clients done");
            }
        }

        return runs;
    }

    private static async Task<Func<int, Task>> ApplicationsAsync(BenchmarkApp app, DateOnly today)
    {
        var fundId = await Samples.NewFundAsync(app);
        var path = $"/api/funds/{fundId}/calls/{Samples.CallId}/applications";
        return async i => Expect(201, await app.PostAsync<ApplicationFunctions>(
            path, (f, r) => f.SubmitApplication(r, fundId, Samples.CallId, CancellationToken.None), Samples.Application(today, i), headers: await app.FormHeadersAsync(fundId)));
    }

    private static async Task<Func<int, Task>> PledgesAsync(BenchmarkApp app, DateOnly today)
    {
        var fundId = await Samples.NewFundAsync(app);
        var path = $"/api/funds/{fundId}/pledges";
        return async i => Expect(201, await app.PostAsync<PledgeFunctions>(
            path, (f, r) => f.SubmitPledge(r, fundId, CancellationToken.None), Samples.Pledge(today, i), headers: await app.FormHeadersAsync(fundId)));
    }

    private static void Expect(int expected, int actual)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {actual}.");
        }
    }
}
