using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Platform.Timers;

namespace MintFonds.Functions.Abuse;

/// <summary>The counter sweep (<c>%CounterSweepSchedule%</c>, e.g. daily at 03:30 UTC): see <see cref="CounterSweep"/>.</summary>
public sealed class CounterSweepFunctions(CounterSweep sweep, TimerRuns runs)
{
    [Function(nameof(SweepCounters))]
    public Task SweepCounters([TimerTrigger("%CounterSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(SweepCounters), token => sweep.RunAsync(token), cancellationToken);
}
