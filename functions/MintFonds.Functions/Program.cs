using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MintFonds.Functions.Hosting;

namespace MintFonds.Functions;

/// <summary>The worker's entry point and its public composition: tests build the very same host without running it.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        using var host = BuildHost(args);
        await host.RunAsync();
    }

    /// <param name="args">Command-line arguments from the Functions host.</param>
    /// <param name="configure">Adds configuration sources after the defaults (tests add their settings here).</param>
    /// <param name="overrideServices">Replaces registrations after the app's own (tests swap the clock here).</param>
    public static IHost BuildHost(
        string[] args,
        Action<IConfigurationBuilder>? configure = null,
        Action<IServiceCollection>? overrideServices = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        configure?.Invoke(builder.Configuration);

        if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.Services.AddMintFondsTelemetry(builder.Configuration);
        }

        builder.Services.AddMintFonds(builder.Configuration);
        overrideServices?.Invoke(builder.Services);
        return builder.Build();
    }
}
