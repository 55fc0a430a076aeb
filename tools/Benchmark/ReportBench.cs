using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Money;
using MintFonds.Core.Payments;
using MintFonds.Core.Reports;
using MintFonds.Core.Time;
using MintFonds.Functions.Access;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Reports;

namespace MintFonds.Tools.Benchmark;

/// <summary>One build of one sponsor's quarterly report: how long, how many storage requests, rows returned and scans.</summary>
internal sealed record ReportRun(int History, double Ms, long Requests, long RowsRead, long Scans);

/// <summary>
/// One sponsor's quarterly report (read, render, store, hand to e-mail; forced so every repetition builds) at two
/// history sizes of its fund: other sponsors with their pledges and payments, and applications, all folded into the
/// figures. The sponsor's own activity stays the same, so its report must cost the same requests (issue 10, point 6).
/// </summary>
internal static class ReportBench
{
    private static readonly AdminPrincipal Office = new("00000000-0000-0000-0000-0000000000be", null, [], IsPlatformAdmin: true);

    public static async Task<List<ReportRun>> RunAsync(BenchmarkApp app, Options options)
    {
        var fundId = await Samples.NewFundAsync(app);
        var today = BerlinTime.Today(app.Clock);
        var pledges = $"/api/funds/{fundId}/pledges";
        var applications = $"/api/funds/{fundId}/calls/{Samples.CallId}/applications";

        // The sponsor the report is for: the fund's first pledge, paid once.
        await app.PostAsync<PledgeFunctions>(pledges, (f, r) => f.SubmitPledge(r, fundId, CancellationToken.None), Samples.Pledge(today, 0), headers: await app.FormHeadersAsync(fundId));
        var sponsorId = await PayAsync(app, fundId, today, 1);

        var runs = new List<ReportRun>();
        var made = 0;
        var quarter = ReportQuarter.Of(app.Clock.GetUtcNow());
        foreach (var history in new[] { options.SmallHistory, options.LargeHistory })
        {
            for (var i = made; i < history; i++)
            {
                await app.PostAsync<PledgeFunctions>(pledges, (f, r) => f.SubmitPledge(r, fundId, CancellationToken.None), Samples.Pledge(today, i + 1), headers: await app.FormHeadersAsync(fundId));
                await PayAsync(app, fundId, today, i + 2);
                await app.PostAsync<ApplicationFunctions>(applications, (f, r) => f.SubmitApplication(r, fundId, Samples.CallId, CancellationToken.None), Samples.Application(today, 10_000 + i), headers: await app.FormHeadersAsync(fundId));
            }

            made = history;
            await app.Get<FigureFold>().FoldFundAsync(fundId, CancellationToken.None);
            for (var repetition = 0; repetition < options.Repetitions; repetition++)
            {
                var job = JsonSerializer.Serialize(
                    new ReportJob { Kind = ReportJob.Sponsor, FundId = fundId, Quarter = quarter.Label, SponsorId = sponsorId, RunId = "bench" + repetition.ToString(CultureInfo.InvariantCulture), Force = true },
                    MintFondsJson.Storage);
                app.Counter.Reset();
                var clock = Stopwatch.StartNew();
                await app.Get<ReportService>().HandleAsync(job, CancellationToken.None);
                clock.Stop();
                var counts = app.Counter.Snapshot();
                runs.Add(new ReportRun(history, clock.Elapsed.TotalMilliseconds, counts.Requests, counts.Rows, counts.Scans));
            }
        }

        return runs;
    }

    /// <summary>Records the payment of the first instalment of pledge number <paramref name="pledgeNumber"/>; returns its sponsor.</summary>
    private static async Task<string> PayAsync(BenchmarkApp app, string fundId, DateOnly today, int pledgeNumber)
    {
        var reference = string.Create(CultureInfo.InvariantCulture, $"MRF-P-{today.Year:D4}-{pledgeNumber:D4}-1");
        var (payment, _) = await app.Get<PaymentService>().RecordAsync(
            fundId,
            new PaymentInput
            {
                Amount = Euro.FromDecimal(500m), ValueDate = today, BankReference = "BENCH-" + Guid.NewGuid().ToString("N"), PayerName = "Benchmark GmbH",
                RemittanceText = reference,
            },
            Office,
            CancellationToken.None);
        return payment.Match?.SponsorId ?? throw new InvalidOperationException($"The benchmark payment for {reference} was not matched.");
    }
}
