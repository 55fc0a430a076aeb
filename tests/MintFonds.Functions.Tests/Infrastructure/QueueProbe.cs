using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>
/// Reads messages from a queue as a queue trigger would (base64 text, then JSON) and removes the ones a test owns; a
/// message with several jobs (<see cref="NotificationBatch"/>) yields each of them.
/// Tests of one collection run one after another, so taking other tests' messages out briefly is harmless.
/// </summary>
public static class QueueProbe
{
    public static async Task<List<NotificationMessage>> TakeNotificationsAsync(string connectionString, string queueName, string fundId)
    {
        var queue = new QueueClient(connectionString, queueName);
        var taken = new List<NotificationMessage>();
        var seen = new HashSet<string>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(2))).Value;
            if (batch.Length == 0)
            {
                return taken;
            }

            foreach (var message in batch)
            {
                if (!seen.Add(message.MessageId))
                {
                    return taken;
                }

                // What a queue trigger does: base64-decode, then read the JSON (one job, or several in an array).
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                var notifications = NotificationBatch.Split(json).Select(TryRead).ToList();
                if (notifications.Count > 0 && notifications.All(n => n?.FundId == fundId))
                {
                    taken.AddRange(notifications!);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }
    }

    private static NotificationMessage? TryRead(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<NotificationMessage>(json, MintFondsJson.Storage);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
