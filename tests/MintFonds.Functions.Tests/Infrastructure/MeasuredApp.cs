using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>A test app whose storage clients count every request (<see cref="StorageRequestCounter"/>) and carry <see cref="StorageHooks"/>.</summary>
public sealed record MeasuredApp(TestApp App, StorageRequestCounter Counter, StorageHooks Hooks) : IAsyncDisposable
{
    public static async Task<MeasuredApp> StartAsync(SharedFixture shared, DateTimeOffset now)
    {
        var counter = new StorageRequestCounter();
        var hooks = new StorageHooks();
        var app = await TestApp.StartAsync(
            shared,
            settings =>
            {
                // The SDK retries what the hooks cause, quickly.
                settings["Storage:MaxRetries"] = "2";
                settings["Storage:DelayMilliseconds"] = "1";
            },
            now,
            services =>
            {
                // Hooks first: a request they fail before sending never reaches the counter, as it never reaches storage.
                services.AddSingleton<HttpPipelinePolicy>(hooks);
                services.AddSingleton<HttpPipelinePolicy>(counter);
            });
        return new MeasuredApp(app, counter, hooks);
    }

    /// <summary>
    /// What <paramref name="action"/> cost in storage requests, without the anonymous routes' rate-limit counters
    /// (table <c>Counters</c>, the abuse layer in front of intake): those are the price of abuse resistance, reported
    /// by <see cref="CountWithLimitsAsync"/> and in the README, not of intake itself.
    /// </summary>
    public async Task<StorageCounts> CountAsync(Func<Task> action)
    {
        var all = await CountWithLimitsAsync(action);
        return new StorageCounts([.. all.Operations.Where(o => !o.Operation.StartsWith("table Counters", StringComparison.Ordinal))]);
    }

    /// <summary>What <paramref name="action"/> cost in storage requests, rate-limit counters included.</summary>
    public async Task<StorageCounts> CountWithLimitsAsync(Func<Task> action)
    {
        Counter.Reset();
        await action();
        return Counter.Snapshot();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
