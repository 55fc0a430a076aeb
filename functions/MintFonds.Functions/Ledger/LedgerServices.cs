using Microsoft.Extensions.DependencyInjection;

namespace MintFonds.Functions.Ledger;

/// <summary>Registration of the fund ledger (allocations, releases, payouts, repayments, views).</summary>
public static class LedgerServices
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton<DecisionTable>();
        services.AddSingleton<GrantLedger>();
        services.AddSingleton<GrantService>();
        services.AddSingleton<LedgerViews>();
        return services;
    }
}
