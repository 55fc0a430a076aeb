using System.Runtime.InteropServices;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Tools.Benchmark;

// Usage: Benchmark [--smoke] [--out file.json]   (scripts/benchmark.sh builds and runs it; see README "Performance")
if (args.Length == 3 && args[0] == StartupBench.ProbeArgument)
{
    return StartupBench.Probe(args[1], args[2]);
}

var options = Options.Parse(args);
var started = System.Diagnostics.Stopwatch.StartNew();
var root = FindRoot();
await using var azurite = await AzuriteProcess.StartAsync(root);
Console.Error.WriteLine($"benchmark: Azurite started{(options.Smoke ? " (smoke run)" : string.Empty)}");

List<RelayRun> relay;
List<ReportRun> reports;
List<Run> intake;
await using (var app = await BenchmarkApp.StartAsync(azurite.ConnectionString))
{
    // The relay first: its history must be only what it creates.
    relay = await RelayBench.RunAsync(app, options);
    Console.Error.WriteLine($"benchmark: outbox relay done ({started.Elapsed.TotalSeconds:F0} s)");
    reports = await ReportBench.RunAsync(app, options);
    Console.Error.WriteLine($"benchmark: sponsor reports done ({started.Elapsed.TotalSeconds:F0} s)");
    intake = await IntakeBench.RunAsync(app, options);
}

var (receiptMs, trivialMs) = PdfBench.Run(options);
Console.Error.WriteLine($"benchmark: PDF done ({started.Elapsed.TotalSeconds:F0} s)");
var (appMs, emptyMs, appBuildMs, emptyBuildMs) = StartupBench.Run(options, azurite.ConnectionString);
Console.Error.WriteLine($"benchmark: start-up done ({started.Elapsed.TotalSeconds:F0} s)");

var results = new Results(
    $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Azurite (in memory) on the same machine",
    DateTimeOffset.UtcNow,
    options.Smoke,
    intake,
    receiptMs,
    trivialMs,
    appMs,
    emptyMs,
    appBuildMs,
    emptyBuildMs,
    relay,
    reports);
Console.WriteLine(results.ToMarkdown());
await File.WriteAllTextAsync(options.Output, results.ToJson());
Console.Error.WriteLine($"benchmark: results written to {options.Output}");
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "MintFonds.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("MintFonds.sln not found above " + AppContext.BaseDirectory);
}
