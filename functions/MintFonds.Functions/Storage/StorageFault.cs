using System.Net.Sockets;
using Azure;

namespace MintFonds.Functions.Storage;

/// <summary>
/// Tells a storage outage (the SDK gave up after its retries: server errors, throttling, time-outs, broken connections)
/// from everything else, so callers can answer 503 with Retry-After or leave a row for the next run instead of failing
/// with a 500. The SDK reports the last case in several shapes: <see cref="RequestFailedException"/> with a 5xx, 408,
/// 429 or 0 (no response), an <see cref="AggregateException"/> of those ("retry failed after N tries"), or a
/// time-out as <see cref="TaskCanceledException"/>/<see cref="TimeoutException"/>.
/// </summary>
public static class StorageFault
{
    /// <param name="exception">What was thrown.</param>
    /// <param name="callerGone">The caller's own cancellation: a cancellation it asked for is not an outage.</param>
    public static bool IsTransient(Exception exception, CancellationToken callerGone = default) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => IsTransient(e, callerGone)),
        OperationCanceledException => !callerGone.IsCancellationRequested,
        TimeoutException or HttpRequestException or IOException or SocketException => true,
        _ => false,
    };
}
