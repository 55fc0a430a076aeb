using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Platform.Timers;

namespace MintFonds.Functions.Backups;

/// <summary>The nightly backup timer (<c>%BackupSchedule%</c>, e.g. 01:30 UTC): see <see cref="TableBackup"/>.</summary>
public sealed class BackupFunctions(TableBackup backup, TimerRuns runs, TimeProvider time)
{
    [Function(nameof(BackUpTables))]
    public Task BackUpTables([TimerTrigger("%BackupSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(BackUpTables), ct => backup.BackUpAsync(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct), cancellationToken);
}
