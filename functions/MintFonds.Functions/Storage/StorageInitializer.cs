using Azure;
using Microsoft.Extensions.Logging;

namespace MintFonds.Functions.Storage;

/// <summary>Creates every table, queue and container that is missing. Runs once at start-up, never per call.</summary>
public sealed partial class StorageInitializer(StorageAccount storage, ILogger<StorageInitializer> logger)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var work = new List<Task>();
        work.AddRange(TableNames.All.Select(name => IgnoreExisting(() => storage.Tables.CreateTableIfNotExistsAsync(name, cancellationToken))));
        work.AddRange(QueueNames.All.SelectMany(name => new[] { name, name + QueueNames.PoisonSuffix })
            .Select(name => IgnoreExisting(() => storage.Queue(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
        work.AddRange(BlobContainerNames.All.Select(name => IgnoreExisting(() => storage.Container(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
        await Task.WhenAll(work);
        LogReady(logger, TableNames.All.Count, QueueNames.All.Count * 2, BlobContainerNames.All.Count);
    }

    // Two instances starting together may both try to create; the loser's 409 is fine.
    private static async Task IgnoreExisting(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {Tables} tables, {Queues} queues, {Containers} containers")]
    private static partial void LogReady(ILogger logger, int tables, int queues, int containers);
}
