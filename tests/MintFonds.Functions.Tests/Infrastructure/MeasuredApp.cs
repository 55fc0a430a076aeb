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

    /// <summary>What <paramref name="action"/> cost in storage requests.</summary>
    public async Task<StorageCounts> CountAsync(Func<Task> action)
    {
        Counter.Reset();
        await action();
        return Counter.Snapshot();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
