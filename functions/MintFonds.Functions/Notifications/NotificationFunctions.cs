using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Notifications;

/// <summary>The e-mail path: the notifications queue, and its poison queue for messages whose retries ran out.</summary>
public sealed class NotificationFunctions(NotificationSender sender)
{
    [Function(nameof(SendNotification))]
    public Task SendNotification([QueueTrigger(QueueNames.Notifications)] string message, CancellationToken cancellationToken) =>
        sender.HandleAsync(message, cancellationToken);

    [Function(nameof(RecordFailedNotification))]
    public Task RecordFailedNotification(
        [QueueTrigger(QueueNames.Notifications + QueueNames.PoisonSuffix)] string message, CancellationToken cancellationToken) =>
        sender.RecordExhaustedAsync(message, cancellationToken);
}
