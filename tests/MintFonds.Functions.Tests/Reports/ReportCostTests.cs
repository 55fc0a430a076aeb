using MintFonds.Core.Reports;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Reports;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Reports;

/// <summary>
/// Issue point 6: building one sponsor's report costs storage requests that depend on that sponsor's own activity and
/// the fund's aggregate rows, not on how many other sponsors, grants or past quarters the fund has. Counted by the SDK
/// pipeline policy of the performance tests at two history sizes; the shapes (operation, requests, rows) are identical
/// and nothing is a scan (a point read of a quarter's aggregate row may find a row or none; it is one request either way). The transparency answer's cost does not grow with history either.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReportCostTests(SharedFixture shared)
{
    [Fact]
    public async Task A_sponsor_report_costs_the_same_with_a_short_and_a_long_fund_history()
    {
        var reads = new List<StorageCounts>();
        var builds = new List<StorageCounts>();
        var transparency = new List<StorageCounts>();
        foreach (var others in new[] { 1, 4 })
        {
            await using var measured = await MeasuredApp.StartAsync(shared, Now);
            var app = measured.App;
            var history = await HistoryAsync(app);

            // The history that must not matter: other sponsors paying in earlier quarters, and grants their money funds.
            for (var i = 0; i < others; i++)
            {
                var pledge = await PledgeAsync(app, history.FundId, $"Andere Firma {i} GmbH", consent: true, stages: ["primarstufe"]);
                await PayAsync(app, history.FundId, pledge, 300m, $"2026-0{1 + (i % 9)}-10");
                await GrantAsync(app, history.FundId, $"Projekt {i}", publish: i % 2 == 0, institution: $"Grundschule Nummer {i}");
            }

            await app.Get<FigureFold>().FoldFundAsync(history.FundId, CancellationToken.None);
            app.Time.SetUtcNow(AfterQ4);
            reads.Add(await measured.CountAsync(async () =>
                Assert.NotNull(await app.Get<SponsorReportSource>().ReadAsync(history.FundId, history.SponsorA, new ReportQuarter(2026, 4), AfterQ4, CancellationToken.None))));

            await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4", sponsorId = history.SponsorA });
            var jobs = await TakeJobsAsync(app, history.FundId);
            builds.Add(await measured.CountAsync(() => ProcessAsync(app, jobs)));
            transparency.Add(await measured.CountAsync(() => app.Get<Transparency.TransparencyService>().ViewAsync(history.FundId, CancellationToken.None)));
            await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId);
        }

        Assert.Equal(Shape(reads[0]), Shape(reads[1]));
        Assert.Equal(Shape(builds[0]), Shape(builds[1]));
        Assert.Equal(0, reads[1].Scans + builds[1].Scans + transparency[1].Scans);

        // The transparency page reads the aggregate rows and what it shows (published projects, named sponsors): its
        // requests grow by the entries it lists (one more sponsor and one more project here), never by the rest of history.
        Assert.True(transparency[1].Requests - transparency[0].Requests <= 3 * 4, $"{transparency[0].Requests} → {transparency[1].Requests}");
    }

    /// <summary>
    /// Operation and request count: a point read of an aggregate row counts its request whether or not that quarter had
    /// figures (row or no row), and ranges here read only the sponsor's own rows, so they are compared with their rows.
    /// </summary>
    private static List<(string Operation, long Requests, long Rows)> Shape(StorageCounts counts) =>
        [.. counts.Operations.Select(o => (o.Operation, o.Requests, o.Operation.EndsWith("point read", StringComparison.Ordinal) ? 0 : o.Rows))];
}
