using System.Diagnostics;
using System.Globalization;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using MintFonds.Functions.Hosting;

namespace MintFonds.Tools.Benchmark;

/// <summary>
/// Start-up in a fresh process each time (a cold start): the app's host built and every function class resolved, beside
/// an empty Functions worker built the same way. Measured from the parent (process start to exit) and inside the child
/// (host build and resolution alone).
/// </summary>
internal static class StartupBench
{
    public const string ProbeArgument = "--startup-probe";

    public static (List<double> AppMs, List<double> EmptyMs, List<double> AppBuildMs, List<double> EmptyBuildMs) Run(Options options, string connectionString)
    {
        var (appMs, emptyMs, appBuildMs, emptyBuildMs) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var repetition = 0; repetition < options.Repetitions; repetition++)
        {
            var (wall, build) = Child("app", connectionString);
            appMs.Add(wall);
            appBuildMs.Add(build);
            (wall, build) = Child("empty", connectionString);
            emptyMs.Add(wall);
            emptyBuildMs.Add(build);
        }

        return (appMs, emptyMs, appBuildMs, emptyBuildMs);
    }

    /// <summary>The child's side: builds one host, prints how long it took, exits.</summary>
    public static int Probe(string kind, string connectionString)
    {
        var clock = Stopwatch.StartNew();
        if (kind == "app")
        {
            using var host = MintFonds.Functions.Program.BuildHost([], configuration => configuration.AddInMemoryCollection(BenchmarkApp.Settings(connectionString)));
            using var scope = host.Services.CreateScope();
            foreach (var functionClass in MintFondsServices.FunctionClasses())
            {
                scope.ServiceProvider.GetRequiredService(functionClass);
            }
        }
        else
        {
            var builder = FunctionsApplication.CreateBuilder([]);
            builder.ConfigureFunctionsWebApplication();
            using var host = builder.Build();
        }

        Console.WriteLine(clock.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
        return 0;
    }

    private static (double WallMs, double BuildMs) Child(string kind, string connectionString)
    {
        // Started as "dotnet Benchmark.dll" (scripts/benchmark.sh) or as the apphost: start the child the same way.
        var host = Environment.ProcessPath!;
        var viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        var arguments = new[] { ProbeArgument, kind, connectionString };
        foreach (var argument in viaDotnet ? [typeof(StartupBench).Assembly.Location, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The start-up probe did not start.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The start-up probe '{kind}' exited with {process.ExitCode}.");
        }

        return (clock.Elapsed.TotalMilliseconds, double.Parse(output.Trim(), CultureInfo.InvariantCulture));
    }
}
