using Microsoft.Extensions.Configuration;

namespace MintFonds.Functions.Hosting;

/// <summary>Which environment the worker runs in, as the Functions host tells it (Core Tools sets Development).</summary>
public static class RuntimeEnvironment
{
    /// <summary>For display and diagnostics: the Functions host's setting, else the general .NET one.</summary>
    public static string Name(IConfiguration configuration) =>
        configuration["AZURE_FUNCTIONS_ENVIRONMENT"] ?? configuration["DOTNET_ENVIRONMENT"] ?? "Production";

    /// <summary>
    /// For decisions that open something (development keys): only AZURE_FUNCTIONS_ENVIRONMENT, exactly "Development".
    /// DOTNET_ENVIRONMENT is no fallback here: it is read by every .NET process and may be left over on a machine.
    /// </summary>
    public static bool IsDevelopment(IConfiguration configuration) =>
        string.Equals(configuration["AZURE_FUNCTIONS_ENVIRONMENT"], "Development", StringComparison.Ordinal);
}
