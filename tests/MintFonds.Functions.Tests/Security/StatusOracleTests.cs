using System.Diagnostics;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// No oracle: a wrong token for an existing application and any token for an unknown reference get the same answer
/// and take the same work (one read of the hash column, one hash, one constant-time compare against a dummy hash when
/// there is no row), so response times do not reveal how many applications a fund has.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StatusOracleTests(SharedFixture shared)
{
    private const int Samples = 300;

    [Fact]
    public void A_missing_hash_is_compared_like_a_wrong_one()
    {
        var token = StatusToken.Create();

        Assert.True(StatusToken.Matches(token, StatusToken.Hash(token)));
        Assert.False(StatusToken.Matches(token, StatusToken.Hash(StatusToken.Create())));
        Assert.False(StatusToken.Matches(token, null));
        Assert.False(StatusToken.Matches(token, "kein-hash"));
        Assert.False(StatusToken.Matches(null, null));
        Assert.False(StatusToken.Matches(string.Empty, StatusToken.Hash(string.Empty)));
    }

    [Fact]
    public async Task Wrong_tokens_for_existing_and_for_unknown_references_are_answered_alike_and_not_told_apart_by_time()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        await TokenFromEmailAsync(app, fundId, reference);
        const string unknown = "MRF-2026-9999";
        var wrong = StatusToken.Create();

        var existingAnswer = (await StatusAsync(app, fundId, reference, wrong)).Json;
        var unknownAnswer = (await StatusAsync(app, fundId, unknown, wrong)).Json;
        foreach (var field in new[] { "type", "title", "status", "detail" })
        {
            Assert.Equal(existingAnswer.GetProperty(field).ToString(), unknownAnswer.GetProperty(field).ToString());
        }

        for (var i = 0; i < 30; i++)
        {
            await StatusAsync(app, fundId, reference, wrong);
            await StatusAsync(app, fundId, unknown, wrong);
        }

        // Interleaved, so drift of the machine hits both series alike.
        var existing = new double[Samples];
        var missing = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var first = i % 2 == 0;
            var a = await TimeAsync(() => StatusAsync(app, fundId, first ? reference : unknown, wrong));
            var b = await TimeAsync(() => StatusAsync(app, fundId, first ? unknown : reference, wrong));
            existing[i] = first ? a : b;
            missing[i] = first ? b : a;
        }

        // Two-sample Kolmogorov–Smirnov at a fixed sample size: the largest gap between the two empirical distributions
        // must stay below the critical value for alpha = 0.001 (c = 1.95). A timing oracle (e.g. deserialising the
        // document only when the row exists) shifts the whole distribution and exceeds it.
        var statistic = KolmogorovSmirnov(existing, missing);
        var critical = 1.95 * Math.Sqrt(2.0 / Samples);
        Assert.True(
            statistic < critical,
            $"Distinguishable: D = {statistic:F3} ≥ {critical:F3}; medians {Median(existing):F3} ms (existing) vs {Median(missing):F3} ms (unknown).");
    }

    private static async Task<double> TimeAsync(Func<Task<TestResponse>> call)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        watch.Stop();
        Assert.Equal(404, response.Status);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double KolmogorovSmirnov(double[] a, double[] b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        var d = 0.0;
        while (i < x.Length && j < y.Length)
        {
            var value = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= value)
            {
                i++;
            }

            while (j < y.Length && y[j] <= value)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        return d;
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
