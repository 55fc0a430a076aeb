namespace MintFonds.Tools.Benchmark;

/// <summary>What to measure and how often. <c>--smoke</c> is the short run CI makes: everything once, with tiny counts.</summary>
internal sealed record Options(bool Smoke, int Repetitions, IReadOnlyList<int> Concurrencies, int Documents, int SmallHistory, int LargeHistory, string Output)
{
    public static Options Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var outAt = Array.IndexOf(args, "--out");
        var output = outAt >= 0 && outAt + 1 < args.Length ? args[outAt + 1] : "benchmark.json";
        return smoke
            ? new Options(true, 1, [1, 8], 3, 3, 12, output)
            : new Options(false, 3, [1, 8, 32], 40, 10, 500, output);
    }

    /// <summary>Submissions per run: enough for every client to send several.</summary>
    public int CountFor(int concurrency) => Smoke ? 2 * concurrency : Math.Max(64, 8 * concurrency);
}
