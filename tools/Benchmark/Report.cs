using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MintFonds.Tools.Benchmark;

/// <summary>Min / median / max of repeated measurements.</summary>
internal sealed record Spread(double Min, double Median, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(sorted[0], median, sorted[^1]);
    }

    public string Format(string format) => Min.ToString(format, CultureInfo.InvariantCulture) == Max.ToString(format, CultureInfo.InvariantCulture)
        ? Median.ToString(format, CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)})");
}

/// <summary>Everything one benchmark run measured; printed as Markdown tables and written as JSON.</summary>
internal sealed record Results(
    string Machine,
    DateTimeOffset At,
    bool Smoke,
    List<Run> Intake,
    List<double> ReceiptPdfMs,
    List<double> TrivialPdfMs,
    List<double> StartupAppMs,
    List<double> StartupEmptyMs,
    List<double> StartupAppBuildMs,
    List<double> StartupEmptyBuildMs,
    List<RelayRun> Relay,
    List<ReportRun> Reports)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}; {At:yyyy-MM-dd HH:mm} UTC{(Smoke ? " (smoke run: tiny counts, one repetition)" : string.Empty)}. Median (min–max) over repetitions.");
        text.AppendLine();
        text.AppendLine("| intake | clients | per second | p50 ms | p95 ms | mean ms | of it in storage | storage requests per submission | of them abuse layer (Counters) | of them failed (conflicts) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in Intake.GroupBy(r => (r.Scenario, r.Concurrency)).OrderBy(g => g.Key.Concurrency))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Scenario} | {group.Key.Concurrency} | {Spread.Of(group.Select(r => r.PerSecond)).Format("F1")} | {Spread.Of(group.Select(r => r.P50)).Format("F0")} | {Spread.Of(group.Select(r => r.P95)).Format("F0")} | {Spread.Of(group.Select(r => r.LatenciesMs.Average())).Format("F1")} | {Spread.Of(group.Select(r => r.StorageMsPerSubmission)).Format("F1")} | {Spread.Of(group.Select(r => r.RequestsPerSubmission)).Format("F2")} | {Spread.Of(group.Select(r => r.CounterRequestsPerSubmission)).Format("F2")} | {Spread.Of(group.Select(r => r.FailedRequestsPerSubmission)).Format("F2")} |");
        }

        text.AppendLine();
        text.AppendLine("| applications per second vs. | clients | ratio (same repetition) |");
        text.AppendLine("|---|---:|---:|");
        foreach (var concurrency in Intake.Select(r => r.Concurrency).Distinct().Order())
        {
            foreach (var floor in new[] { IntakeBench.BareFloor, IntakeBench.CounterFloor, IntakeBench.FormFloor, IntakeBench.FormCounterFloor })
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {floor} | {concurrency} | {Spread.Of(Ratios(concurrency, floor)).Format("F2")} |");
            }
        }

        text.AppendLine();
        text.AppendLine("| storage requests per submission, by operation | clients | applications | pledges |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var concurrency in new[] { Intake.Min(r => r.Concurrency), Intake.Max(r => r.Concurrency) }.Distinct())
        {
            var applications = PerOperation(IntakeBench.Applications, concurrency);
            var pledges = PerOperation(IntakeBench.Pledges, concurrency);
            foreach (var operation in applications.Keys.Union(pledges.Keys).Order(StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {operation} | {concurrency} | {Cell(applications, operation)} | {Cell(pledges, operation)} |");
            }
        }

        text.AppendLine();
        text.AppendLine("| other | measured | beside | ratio |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| receipt PDF, ms per document (vs. trivial one-page PDF, same library and font) | {Spread.Of(ReceiptPdfMs).Format("F1")} | {Spread.Of(TrivialPdfMs).Format("F1")} | {Spread.Of(ReceiptPdfMs.Zip(TrivialPdfMs, (a, b) => a / b)).Format("F1")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| start-up, ms from process start to exit (vs. empty Functions worker) | {Spread.Of(StartupAppMs).Format("F0")} | {Spread.Of(StartupEmptyMs).Format("F0")} | {Spread.Of(StartupAppMs.Zip(StartupEmptyMs, (a, b) => a / b)).Format("F2")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| start-up, ms to build the host and resolve every function class (vs. empty) | {Spread.Of(StartupAppBuildMs).Format("F0")} | {Spread.Of(StartupEmptyBuildMs).Format("F0")} | {Spread.Of(StartupAppBuildMs.Zip(StartupEmptyBuildMs, (a, b) => a / b)).Format("F2")} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| outbox relay timer run ({RelayBench.PendingRows} pending rows) | history (applications) | ms | storage requests | table rows returned | of the queries: scans |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in Relay.GroupBy(r => r.History))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| RelayOutbox | {group.Key} | {Spread.Of(group.Select(r => r.Ms)).Format("F0")} | {Spread.Of(group.Select(r => (double)r.Requests)).Format("F0")} | {Spread.Of(group.Select(r => (double)r.RowsRead)).Format("F0")} | {Spread.Of(group.Select(r => (double)r.Scans)).Format("F0")} |");
        }

        text.AppendLine();
        text.AppendLine("| one sponsor's quarterly report (read, PDF, store, e-mail job) | history (other sponsors, payments, applications) | ms | storage requests | table rows returned | of the queries: scans |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in Reports.GroupBy(r => r.History))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| BuildSponsorReport | {group.Key} | {Spread.Of(group.Select(r => r.Ms)).Format("F0")} | {Spread.Of(group.Select(r => (double)r.Requests)).Format("F0")} | {Spread.Of(group.Select(r => (double)r.RowsRead)).Format("F0")} | {Spread.Of(group.Select(r => (double)r.Scans)).Format("F0")} |");
        }
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            Machine,
            At,
            Smoke,
            Intake = Intake.Select(r => new
            {
                r.Scenario, r.Concurrency, r.Count, r.Seconds, r.PerSecond, r.P50, r.P95, MeanMs = r.LatenciesMs.Average(), r.StorageMsPerSubmission, r.RequestsPerSubmission, r.CounterRequestsPerSubmission, r.FailedRequestsPerSubmission,
                Operations = r.Storage.Operations,
            }),
            ReceiptPdfMs,
            TrivialPdfMs,
            StartupAppMs,
            StartupEmptyMs,
            StartupAppBuildMs,
            StartupEmptyBuildMs,
            Relay,
            Reports,
        },
        JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private IEnumerable<double> Ratios(int concurrency, string floor)
    {
        var applications = Intake.Where(r => r.Scenario == IntakeBench.Applications && r.Concurrency == concurrency).ToList();
        var floors = Intake.Where(r => r.Scenario == floor && r.Concurrency == concurrency).ToList();
        return applications.Zip(floors, (a, f) => a.PerSecond / f.PerSecond);
    }

    private Dictionary<string, double> PerOperation(string scenario, int concurrency)
    {
        var runs = Intake.Where(r => r.Scenario == scenario && r.Concurrency == concurrency).ToList();
        return runs.SelectMany(r => r.Storage.Operations.Select(o => (o.Operation, PerSubmission: (double)o.Requests / r.Count)))
            .GroupBy(o => o.Operation, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(o => o.PerSubmission) / runs.Count, StringComparer.Ordinal);
    }

    private static string Cell(Dictionary<string, double> values, string operation) =>
        values.TryGetValue(operation, out var value) ? value.ToString("F2", CultureInfo.InvariantCulture) : "–";
}
