using Microsoft.Extensions.DependencyInjection;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Transparency;

namespace MintFonds.Functions.Reports;

/// <summary>Registration of the figures (fold, readers, state-wide view), the sponsor reports and the transparency page.</summary>
public static class ReportServices
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<FigureFold>();
        services.AddSingleton<FigureReader>();
        services.AddSingleton<PlatformFigures>();
        services.AddSingleton<PlatformAccess>();
        services.AddSingleton<SponsorReportSource>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportPlanner>();
        services.AddSingleton<TransparencyService>();
        return services;
    }
}
