using Microsoft.Extensions.DependencyInjection;
using MintFonds.Functions.Platform.Timers;

namespace MintFonds.Functions.Backups;

/// <summary>Registers the nightly table backup and the timers' heartbeat.</summary>
public static class BackupServices
{
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddSingleton<TimerRuns>();
        services.AddSingleton<TableBackup>();
        return services;
    }
}
