using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Platform.Timers;

namespace MintFonds.Functions.Outbox;

/// <summary>The safety net of the outbox: relays messages whose inline relay was interrupted (crash, timeout, outage).</summary>
public sealed class OutboxRelayFunctions(OutboxRelay relay, TimerRuns runs)
{
    /// <summary>Entries younger than this are still being relayed inline by the request that wrote them.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMinutes(2);

    [Function(nameof(RelayOutbox))]
    public Task RelayOutbox([TimerTrigger("%OutboxRelaySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(RelayOutbox), ct => relay.RelayStaleAsync(GracePeriod, ct), cancellationToken);
}
