using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Tests.Faults;

/// <summary>
/// Delivers queue messages to function classes the way the Functions host does (host.json): base64 text in; a throw
/// makes the message visible again after the visibility timeout (the fake clock moves on a minute); after
/// <see cref="DeadLetterService.MaxDequeueCount"/> failed deliveries it moves to "{queue}-poison"; and now and then a
/// message that succeeded is delivered once more (at-least-once). Uses its own fault-free client: the host's queue
/// client is not the app's code.
/// </summary>
public sealed class QueueHost(string connectionString, FakeTimeProvider time, int seed, double extraDeliveryRate = 0.05)
{
    private readonly Random _random = new(seed);

    /// <summary>Messages that failed on the poison queue too: with a correct app, none.</summary>
    public int Lost { get; private set; }

    public int Failures { get; private set; }

    /// <summary>Delivers everything on <paramref name="queue"/> (and its poison queue) until both are empty.</summary>
    public async Task DrainAsync(string queue, Func<string, Task> handler, Func<string, Task> poisonHandler)
    {
        await DrainOneAsync(queue, handler, queue + QueueNames.PoisonSuffix);
        await DrainOneAsync(queue + QueueNames.PoisonSuffix, poisonHandler, null);
    }

    private async Task DrainOneAsync(string queueName, Func<string, Task> handler, string? poisonQueue)
    {
        var queue = new QueueClient(connectionString, queueName);
        await queue.CreateIfNotExistsAsync();
        for (var round = 0; round < 500; round++)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 0)
            {
                return;
            }

            var failed = false;
            foreach (var message in batch)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                try
                {
                    await handler(text);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    if (Chance(extraDeliveryRate))
                    {
                        await TryAsync(handler, text);
                    }
                }
#pragma warning disable CA1031 // The host catches everything a function throws and retries the message.
                catch (Exception)
#pragma warning restore CA1031
                {
                    failed = true;
                    Failures++;
                    if (message.DequeueCount >= DeadLetterService.MaxDequeueCount)
                    {
                        if (poisonQueue is null)
                        {
                            Lost++;
                        }
                        else
                        {
                            var poison = new QueueClient(connectionString, poisonQueue);
                            await poison.CreateIfNotExistsAsync();
                            await poison.SendMessageAsync(message.MessageText);
                        }

                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                    else
                    {
                        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                    }
                }
            }

            if (failed)
            {
                time.Advance(TimeSpan.FromMinutes(1));
            }
        }

        throw new InvalidOperationException($"Queue {queueName} did not drain.");
    }

    private static async Task TryAsync(Func<string, Task> handler, string text)
    {
        try
        {
            await handler(text);
        }
#pragma warning disable CA1031 // An extra delivery that fails is retried by nobody: its first delivery succeeded.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private bool Chance(double rate) => _random.NextDouble() < rate;
}
