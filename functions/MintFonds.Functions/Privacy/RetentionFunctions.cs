using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Platform.Timers;

namespace MintFonds.Functions.Privacy;

/// <summary>The retention timer (<c>%RetentionSchedule%</c>, e.g. daily at 03:00 UTC): see <see cref="RetentionService"/>.</summary>
public sealed class RetentionFunctions(RetentionService retention, TimerRuns runs)
{
    [Function(nameof(ApplyRetention))]
    public Task ApplyRetention([TimerTrigger("%RetentionSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(ApplyRetention), retention.RunAsync, cancellationToken);
}
