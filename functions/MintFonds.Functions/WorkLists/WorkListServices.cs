using Microsoft.Extensions.DependencyInjection;

namespace MintFonds.Functions.WorkLists;

/// <summary>Registration of the office's work list (list, detail, CSV export).</summary>
public static class WorkListServices
{
    public static IServiceCollection AddWorkLists(this IServiceCollection services)
    {
        services.AddSingleton<WorkListService>();
        return services;
    }
}
