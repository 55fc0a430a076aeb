using Microsoft.Azure.Functions.Worker;

namespace MintFonds.Functions.Privacy;

/// <summary>The retention timer (<c>%RetentionSchedule%</c>, e.g. daily at 03:00 UTC): see <see cref="RetentionService"/>.</summary>
public sealed class RetentionFunctions(RetentionService retention)
{
    [Function(nameof(ApplyRetention))]
    public Task ApplyRetention([TimerTrigger("%RetentionSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.RunAsync(cancellationToken);
}
