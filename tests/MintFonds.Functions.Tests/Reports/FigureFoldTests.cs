using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Reports;

/// <summary>
/// The figure facts written by intake, payments and decisions in their own transactions, and by the payout capability
/// (written here directly, as its transactions will), are folded into the aggregate rows exactly once: concurrent folds
/// never count a fact twice, folded facts are gone, institutions count once per period.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FigureFoldTests(SharedFixture shared)
{
    [Fact]
    public async Task Every_change_leaves_a_fact_in_its_own_partition_and_concurrent_folds_count_each_exactly_once()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);
        var ledger = app.Storage.Table(TableNames.Ledger);
        var applications = app.Storage.Table(TableNames.Applications);

        // The facts, committed with their changes: two applications (Applications partition); two payments and two
        // approvals (Ledger partition).
        Assert.Equal(2, await CountAsync(applications, history.FundId, FigureEvents.PendingPrefix));
        Assert.Equal(4, await CountAsync(ledger, history.FundId, FigureEvents.PendingPrefix));

        // What the payout capability writes into its ledger transactions (issue 9): payouts, a return, a repayment, a proof of use.
        var at = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        var facts = new[]
        {
            new FigureEvent(FigureKind.PayoutPaid, history.FundId, at, history.Published, 30000),
            new FigureEvent(FigureKind.PayoutPaid, history.FundId, at, history.Unpublished, 30000),
            new FigureEvent(FigureKind.PayoutReturned, history.FundId, at, history.Unpublished, 30000),
            new FigureEvent(FigureKind.PayoutPaid, history.FundId, at, history.Unpublished, 30000),
            new FigureEvent(FigureKind.RepaymentReceived, history.FundId, at, history.Published, 4550),
            new FigureEvent(FigureKind.UseAccepted, history.FundId, at, history.Published, 0,
                ParticipantsByStage: new Dictionary<EducationStage, int> { [EducationStage.Primarstufe] = 46, [EducationStage.Kita] = 12 }),
        };
        for (var i = 0; i < facts.Length; i++)
        {
            await ledger.AddEntityAsync(FigureEvents.Entity(history.FundId, $"payout-test-{i}", facts[i]));
        }

        var fold = app.Get<FigureFold>();
        var folded = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fold.FoldFundAsync(history.FundId, CancellationToken.None)));
        Assert.Equal(2 + 4 + facts.Length, folded.Sum());
        Assert.Equal(0, await CountAsync(ledger, history.FundId, FigureEvents.PendingPrefix));
        Assert.Equal(0, await CountAsync(applications, history.FundId, FigureEvents.PendingPrefix));
        Assert.Equal(0, await fold.FoldFundAsync(history.FundId, CancellationToken.None));

        var reader = app.Get<FigureReader>();
        foreach (var period in new[] { "2026-Q4", "2026", FigureRows.AllTime })
        {
            var f = await reader.ReadAsync(history.FundId, period, CancellationToken.None);
            Assert.Equal(2, f[FigureNames.Applications]);
            Assert.Equal(2, f[FigureNames.Approvals]);
            Assert.Equal(100000, f[FigureNames.Raised]);
            Assert.Equal(60000, f[FigureNames.Granted]);
            Assert.Equal(60000, f[FigureNames.PaidOut]);
            Assert.Equal(30000, f[FigureNames.Returned]);
            Assert.Equal(4550, f[FigureNames.Repaid]);
            Assert.Equal(1, f[FigureNames.Institutions]); // one school, two grants
            Assert.Equal(58, f[FigureNames.Participants]);
            Assert.Equal(46, f[FigureNames.ByStage(FigureNames.Participants, EducationStage.Primarstufe)]);
            Assert.Equal(60000, f[FigureNames.ByStage(FigureNames.PaidOut, EducationStage.Primarstufe)]); // broken down from the grant's row
            Assert.Equal(60000, f[FigureNames.ByDistrict(FigureNames.Granted, "Landkreis Mainz-Bingen")]);
            Assert.Equal(2, f[FigureNames.ByField(FigureNames.Applications, MintField.Technik)]);
        }

        Assert.Equal(0, (await reader.ReadAsync(history.FundId, "2026-Q3", CancellationToken.None))[FigureNames.Applications]);
        var grant = await ledger.GetEntityAsync<TableEntity>(history.FundId, FigureRows.Grant(history.Published));
        Assert.Equal(58, grant.Value.GetInt32("Participants"));

        // The published grant is listed for the transparency page, the other one not.
        Assert.Equal(1, await CountAsync(ledger, history.FundId, FigureRows.PublishedPrefix));
    }

    [Fact]
    public async Task A_released_grant_gives_its_amount_back_to_the_figures_and_leaves_the_published_list()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);
        app.Time.Advance(TimeSpan.FromHours(1));
        var renounce = await Decisions.DecisionTestKit.ActAsync(app, history.FundId, history.Published, "renounce", new { reason = "Projekt fällt aus." });
        Assert.True(renounce.Status == 200, renounce.ToString());
        await app.Get<FigureFold>().FoldFundAsync(history.FundId, CancellationToken.None);
        var f = await app.Get<FigureReader>().ReadAsync(history.FundId, FigureRows.AllTime, CancellationToken.None);
        Assert.Equal(30000, f[FigureNames.Granted]);
        Assert.Equal(30000, f[FigureNames.Released]);
        Assert.Equal(2, f[FigureNames.Approvals]);
        Assert.Equal(0, await CountAsync(app.Storage.Table(TableNames.Ledger), history.FundId, FigureRows.PublishedPrefix));
    }

    [Fact]
    public async Task A_release_at_the_same_instant_as_its_approval_is_folded_after_it()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);

        // The fake clock stands still, so the approval's fact and this release share their time; the release's key sorts first.
        var ledger = app.Storage.Table(TableNames.Ledger);
        await ledger.AddEntityAsync(FigureEvents.Entity(
            history.FundId, "0000-release", new FigureEvent(FigureKind.GrantReleased, history.FundId, app.Time.GetUtcNow(), history.Published, 30000)));
        await app.Get<FigureFold>().FoldFundAsync(history.FundId, CancellationToken.None);

        var f = await app.Get<FigureReader>().ReadAsync(history.FundId, FigureRows.AllTime, CancellationToken.None);
        Assert.Equal(30000, f[FigureNames.Granted]);
        Assert.Equal(30000, f[FigureNames.ByStage(FigureNames.Granted, EducationStage.Primarstufe)]); // the release found the grant's breakdown
        Assert.Equal(0, await CountAsync(ledger, history.FundId, FigureRows.PublishedPrefix));
    }

    private static async Task<int> CountAsync(TableClient table, string partitionKey, string prefix)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(LedgerRows.Range(partitionKey, prefix), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
