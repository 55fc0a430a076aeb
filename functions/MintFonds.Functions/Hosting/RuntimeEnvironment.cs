using Microsoft.Extensions.Configuration;

namespace MintFonds.Functions.Hosting;

/// <summary>Which environment the worker runs in, as the Functions host tells it (Core Tools sets Development).</summary>
public static class RuntimeEnvironment
{
    public static string Name(IConfiguration configuration) =>
        configuration["AZURE_FUNCTIONS_ENVIRONMENT"] ?? configuration["DOTNET_ENVIRONMENT"] ?? "Production";

    public static bool IsDevelopment(IConfiguration configuration) =>
        string.Equals(Name(configuration), "Development", StringComparison.OrdinalIgnoreCase);
}
