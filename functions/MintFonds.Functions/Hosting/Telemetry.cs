using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MintFonds.Functions.Hosting;

/// <summary>
/// Application Insights for the worker, as the alerts need it (infra/modules/alerts.bicep):
/// - Entra authentication: the component refuses unauthenticated telemetry (DisableLocalAuth), so the worker sends
///   with the managed identity named in APPLICATIONINSIGHTS_AUTHENTICATION_STRING ("Authorization=AAD;ClientId=…").
/// - Information logs are kept: the SDK's default rule drops everything below Warning, which would drop the timers'
///   heartbeat lines ("Timer run completed: …") that the alerts look for.
/// - No adaptive sampling: a sampled-out heartbeat would ring a false alarm; a fund office's traffic is small.
/// </summary>
public static class Telemetry
{
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IServiceCollection AddMintFondsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddApplicationInsightsTelemetryWorkerService(options => options.EnableAdaptiveSampling = false).ConfigureFunctionsApplicationInsights();
        if (ManagedIdentityClientId(configuration[AuthenticationSetting]) is { } clientId)
        {
            services.Configure<TelemetryConfiguration>(telemetry => telemetry.SetAzureTokenCredential(new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))));
        }

        services.Configure<LoggerFilterOptions>(options =>
        {
            var warningsOnly = options.Rules.FirstOrDefault(rule =>
                rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (warningsOnly is not null)
            {
                options.Rules.Remove(warningsOnly);
            }
        });
        return services;
    }

    /// <summary>The client id in "Authorization=AAD;ClientId=…", or null when the setting asks for no Entra authentication.</summary>
    public static string? ManagedIdentityClientId(string? authentication)
    {
        var parts = (authentication ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var kind) && kind.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            && parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
                ? clientId
                : null;
    }
}
