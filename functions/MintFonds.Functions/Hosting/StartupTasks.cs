using Microsoft.Extensions.Hosting;
using MintFonds.Functions.Seeding;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Hosting;

/// <summary>Runs once when the worker starts: create missing storage, then seed if asked to.</summary>
public sealed class StartupTasks(StorageInitializer storage, Seeder seeder) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await seeder.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
