using Microsoft.Extensions.DependencyInjection;

namespace MintFonds.Functions.Payouts;

/// <summary>Registration of money out and back: payout files, bank statements, proof of use and its reminders.</summary>
public static class PayoutServices
{
    public static IServiceCollection AddPayouts(this IServiceCollection services)
    {
        services.AddSingleton<PayoutExportTable>();
        services.AddSingleton<PayoutFiles>();
        services.AddSingleton<PayoutExportService>();
        services.AddSingleton<PayoutCancellation>();
        services.AddSingleton<StatementBookings>();
        services.AddSingleton<BankStatementService>();
        services.AddSingleton<ProofOfUseTable>();
        services.AddSingleton<ProofOfUseUploadReader>();
        services.AddSingleton<ProofOfUseService>();
        services.AddSingleton<ProofOfUseReview>();
        services.AddSingleton<ProofOfUseReminders>();
        return services;
    }
}
