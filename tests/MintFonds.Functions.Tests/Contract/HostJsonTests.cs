using System.Text.Json;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Contract;

/// <summary>The retry policy the host applies to queue messages is the one the code and the README assume.</summary>
public sealed class HostJsonTests
{
    [Fact]
    public void Queue_retries_wait_a_minute_and_give_up_after_the_documented_count()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("functions", "MintFonds.Functions", "host.json")));
        var queues = hostJson.RootElement.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(DeadLetterService.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("00:01:00", queues.GetProperty("visibilityTimeout").GetString());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        // A live sender gives up before its claim's lease ends, so it is never overtaken; and a crashed sender's claim runs
        // out while the queue still delivers the message (5 deliveries a minute apart), so the crash heals by itself
        // instead of the message being dead-lettered without a send.
        var visibility = TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DeliveryLedger.SendDeadline < DeliveryLedger.Lease);
        Assert.True(visibility * (DeadLetterService.MaxDequeueCount - 2) > DeliveryLedger.Lease);
    }
}
