using MintFonds.Core.Money;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;

namespace MintFonds.Functions.Tests.Decisions;

[Collection(AppCollection.Name)]
public sealed class LedgerTests(SharedFixture shared)
{
    [Fact]
    public async Task Forty_concurrent_approvals_on_a_fund_that_can_afford_ten_approve_exactly_ten()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var pledge = await PledgeAsync(app, fundId);
        foreach (var amount in new[] { 500m, 500m, 450.50m, 549.50m, 500m, 500m })
        {
            await PayAsync(app, fundId, pledge, amount); // 3,000.00 € = 10 × 300 €
        }

        var (_, board) = await BoardMemberAsync(app, fundId);
        var references = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            references.Add(await ReadyForBoardAsync(app, fundId, $"Grundschule Nummer {i}"));
        }

        var answers = await Task.WhenAll(references.Select(r => Task.Run(() => VoteAsync(app, fundId, r, board))));

        Assert.Equal(10, answers.Count(a => a.Status == 200));
        Assert.All(answers.Where(a => a.Status != 200), a =>
        {
            Assert.Equal(409, a.Status);
            Assert.Equal(0m, a.Json.GetProperty("availableFitting").GetDecimal());
        });
        var balance = await BalanceAsync(app, fundId);
        Assert.Equal(Euro.FromDecimal(3000m), balance.Allocated);
        Assert.Equal(Euro.Zero, balance.Available);
        var approved = 0;
        foreach (var reference in references)
        {
            var grant = await app.Get<LedgerViews>().GrantAsync(fundId, reference, CancellationToken.None);
            var status = await StatusAsync(app, fundId, reference);
            if (status == "Approved")
            {
                approved++;
                Assert.Equal(Euro.FromDecimal(300m), grant.Allocated);
                Assert.Equal(grant.Allocated, grant.Sources.Aggregate(Euro.Zero, (s, x) => s + x.Amount));
            }
            else
            {
                Assert.Equal("ReadyForBoard", status);
                Assert.Equal(Euro.Zero, grant.Allocated);
            }
        }

        Assert.Equal(10, approved);
    }

    [Fact]
    public async Task Earmarks_are_respected_and_a_refusal_names_what_is_available_per_earmark()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        await PayAsync(app, fundId, await PledgeAsync(app, fundId, stages: ["sekundarstufeII"]), 1000m, "2026-10-01");
        var (_, board) = await BoardMemberAsync(app, fundId);
        var primary = await ReadyForBoardAsync(app, fundId);

        var refused = await VoteAsync(app, fundId, primary, board);
        Assert.Equal(409, refused.Status);
        Assert.Equal(0m, refused.Json.GetProperty("availableFitting").GetDecimal());
        var line = Assert.Single(refused.Json.GetProperty("availableByEarmark").EnumerateArray());
        Assert.Equal(1000m, line.GetProperty("available").GetDecimal());
        Assert.False(line.GetProperty("fitsApplication").GetBoolean());
        Assert.Equal("ReadyForBoard", await StatusAsync(app, fundId, primary));

        // Sponsoring money is the fund's own and fits any application; fitting donations are used oldest first.
        var sponsoring = await PayAsync(app, fundId, await PledgeAsync(app, fundId, kind: "sponsoring", sponsor: "Bingen Werbung GmbH"), 200m, "2026-11-20");
        var fitting = await PayAsync(app, fundId, await PledgeAsync(app, fundId, sponsor: "Stiftung Rheinhessen"), 250m, "2026-11-01");
        var approved = await VoteAsync(app, fundId, primary, board);
        Assert.True(approved.Status == 200, approved.ToString());

        var grant = await app.Get<LedgerViews>().GrantAsync(fundId, primary, CancellationToken.None);
        Assert.Equal([(fitting, Euro.FromDecimal(250m)), (sponsoring, Euro.FromDecimal(50m))], grant.Sources.Select(s => (s.PaymentId, s.Amount)));
        var balance = await BalanceAsync(app, fundId);
        Assert.Equal(Euro.FromDecimal(1150m), balance.Available);
    }

    [Fact]
    public async Task Renouncing_revoking_and_repaying_release_money_to_the_payments_it_came_from()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var pledge = await PledgeAsync(app, fundId);
        var older = await PayAsync(app, fundId, pledge, 200m, "2026-10-01");
        var newer = await PayAsync(app, fundId, pledge, 400m, "2026-11-01");
        var (_, board) = await BoardMemberAsync(app, fundId);
        var first = await ReadyForBoardAsync(app, fundId, "Grundschule Eins");
        var second = await ReadyForBoardAsync(app, fundId, "Grundschule Zwei");
        Assert.Equal(200, (await VoteAsync(app, fundId, first, board)).Status);
        Assert.Equal(200, (await VoteAsync(app, fundId, second, board)).Status);
        Assert.Equal(Euro.Zero, (await BalanceAsync(app, fundId)).Available);

        // Paid out: renouncing needs the repayment first.
        Assert.Equal(200, (await ActAsync(app, fundId, first, "payouts", new Dictionary<string, object?> { ["amount"] = 300m, ["bankReference"] = "OUT-1" })).Status);
        Assert.Equal(200, (await ActAsync(app, fundId, first, "payouts", new Dictionary<string, object?> { ["amount"] = 300m, ["bankReference"] = "OUT-1" })).Status);
        Assert.Equal(409, (await ActAsync(app, fundId, first, "renounce")).Status);
        Assert.Equal(200, (await ActAsync(app, fundId, first, "repayments", new Dictionary<string, object?> { ["amount"] = 100m, ["bankReference"] = "BACK-1" })).Status);
        var afterRepayment = await app.Get<LedgerViews>().GrantAsync(fundId, first, CancellationToken.None);
        Assert.Equal(Euro.FromDecimal(200m), afterRepayment.Allocated); // the newest money went back first
        Assert.Equal([(older, Euro.FromDecimal(200m))], afterRepayment.Sources.Select(s => (s.PaymentId, s.Amount)));
        Assert.Equal(200, (await ActAsync(app, fundId, first, "repayments", new Dictionary<string, object?> { ["amount"] = 200m, ["bankReference"] = "BACK-2" })).Status);
        Assert.Equal(200, (await ActAsync(app, fundId, first, "renounce", new Dictionary<string, object?> { ["reason"] = "Projekt abgesagt." })).Status);
        Assert.Equal("Withdrawn", await StatusAsync(app, fundId, first));

        Assert.Equal(200, (await ActAsync(app, fundId, second, "revoke", new Dictionary<string, object?> { ["reason"] = "Auflagen nicht erfüllt." }, board)).Status);
        Assert.Equal("Rejected", await StatusAsync(app, fundId, second));

        var balance = await BalanceAsync(app, fundId);
        Assert.Equal(Euro.FromDecimal(600m), balance.Available);
        Assert.Equal(Euro.Zero, balance.Allocated);
        Assert.Equal(Euro.FromDecimal(300m), balance.PaidOut);
        Assert.Equal(Euro.FromDecimal(300m), balance.Repaid);
        var statement = await app.Get<LedgerViews>().SponsorAsync(fundId, await SponsorOfAsync(app, fundId, newer), CancellationToken.None);
        Assert.All(statement.Payments, p => Assert.Equal(p.Amount, p.Available));
    }

    [Fact]
    public async Task Four_eyes_and_conflicts_of_interest_keep_a_person_from_voting_and_two_of_three_decide()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app, approvalsRequired: 2);
        await PayAsync(app, fundId, await PledgeAsync(app, fundId), 1000m);
        var (_, anna) = await BoardMemberAsync(app, fundId);
        var (_, ben) = await BoardMemberAsync(app, fundId);
        var (carlaId, carla) = await BoardMemberAsync(app, fundId);
        var reference = await ReadyForBoardAsync(app, fundId);

        // The platform admin assessed and handed it over: four eyes.
        Assert.Equal(403, (await VoteAsync(app, fundId, reference, app.PlatformAdminToken)).Status);
        Assert.Equal(204, (await ActAsync(app, fundId, reference, "conflict-of-interest", token: carla)).Status);
        Assert.Equal(403, (await VoteAsync(app, fundId, reference, carla)).Status);

        Assert.Equal(200, (await VoteAsync(app, fundId, reference, anna)).Status);
        Assert.Equal("ReadyForBoard", await StatusAsync(app, fundId, reference));
        Assert.Equal(200, (await VoteAsync(app, fundId, reference, anna)).Status); // the same vote again changes nothing
        Assert.Equal(409, (await VoteAsync(app, fundId, reference, anna, "reject", "Doch nicht.")).Status);
        Assert.Equal("ReadyForBoard", await StatusAsync(app, fundId, reference));
        Assert.Equal(Euro.FromDecimal(1000m), (await BalanceAsync(app, fundId)).Available);

        Assert.Equal(200, (await VoteAsync(app, fundId, reference, ben)).Status);
        Assert.Equal("Approved", await StatusAsync(app, fundId, reference));
        Assert.Equal(Euro.FromDecimal(700m), (await BalanceAsync(app, fundId)).Available);

        var refusals = (await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None)).Where(e => e.Action == "board.vote" && e.Outcome == AuditOutcome.Refused).ToList();
        Assert.Equal(["conflict-of-interest", "four-eyes"], refusals.Select(e => e.Reason).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(refusals, e => e.PrincipalId == carlaId && e.Reason == "four-eyes");
    }

    [Theory]
    [InlineData(DecisionStepNames.BeforeLedgerCommit, false)]
    [InlineData(DecisionStepNames.BeforeLedgerCommit, true)]
    [InlineData(DecisionStepNames.AfterLedgerCommit, false)]
    [InlineData(DecisionStepNames.AfterLedgerCommit, true)]
    [InlineData(DecisionStepNames.AfterApplicationUpdate, false)]
    [InlineData(DecisionStepNames.AfterApplicationUpdate, true)]
    public async Task A_crash_between_the_steps_of_an_approval_leaves_none_or_a_complete_one_after_retry_or_healing(string step, bool heal)
    {
        var crash = new CrashAt(step);
        await using var app = await TestApp.StartAsync(shared, now: Now, services: s => s.AddSingleton<IDecisionSteps>(crash));
        var fundId = await FundAsync(app);
        await PayAsync(app, fundId, await PledgeAsync(app, fundId), 1000m);
        var (_, board) = await BoardMemberAsync(app, fundId);
        var reference = await ReadyForBoardAsync(app, fundId);

        var crashed = await VoteAsync(app, fundId, reference, board);
        Assert.Equal(500, crashed.Status);
        Assert.True(crash.Fired);
        await AssertNoneOrCompleteAsync(app, fundId, reference);

        if (heal)
        {
            app.Time.Advance(TimeSpan.FromMinutes(5));
            await app.Get<DecisionHealFunctions>().HealDecisions(null!, CancellationToken.None);
            var expected = step == DecisionStepNames.BeforeLedgerCommit ? "ReadyForBoard" : "Approved";
            Assert.Equal(expected, await StatusAsync(app, fundId, reference));
        }
        else
        {
            var retried = await VoteAsync(app, fundId, reference, board);
            Assert.True(retried.Status == 200, retried.ToString());
            Assert.Equal("Approved", await StatusAsync(app, fundId, reference));
        }

        await AssertNoneOrCompleteAsync(app, fundId, reference);
        Assert.DoesNotContain(await LedgerRowsAsync(app, fundId), r => r.RowKey.StartsWith(LedgerRows.PendingPrefix, StringComparison.Ordinal)
            && (heal || step != DecisionStepNames.BeforeLedgerCommit));
    }

    [Fact]
    public async Task A_withdrawal_that_reaches_the_application_between_the_ledger_and_the_application_step_stands_and_the_money_goes_back()
    {
        var crash = new CrashAt(DecisionStepNames.AfterLedgerCommit);
        await using var app = await TestApp.StartAsync(shared, now: Now, services: s => s.AddSingleton<IDecisionSteps>(crash));
        var fundId = await FundAsync(app);
        await PayAsync(app, fundId, await PledgeAsync(app, fundId), 300m);
        var (_, board) = await BoardMemberAsync(app, fundId);
        var reference = await ReadyForBoardAsync(app, fundId);
        var token = await ApplicationTestKit.TokenFromEmailAsync(app, fundId, reference);

        Assert.Equal(500, (await VoteAsync(app, fundId, reference, board)).Status);
        Assert.Equal(Euro.Zero, (await BalanceAsync(app, fundId)).Available);
        Assert.Equal(200, (await ApplicationTestKit.WithdrawAsync(app, fundId, reference, token)).Status);

        app.Time.Advance(TimeSpan.FromMinutes(5));
        await app.Get<DecisionHealFunctions>().HealDecisions(null!, CancellationToken.None);

        Assert.Equal("Withdrawn", await StatusAsync(app, fundId, reference));
        Assert.Equal(Euro.FromDecimal(300m), (await BalanceAsync(app, fundId)).Available);
        Assert.Equal("released", (await app.Get<LedgerViews>().GrantAsync(fundId, reference, CancellationToken.None)).State);
    }

    private static async Task AssertNoneOrCompleteAsync(TestApp app, string fundId, string reference)
    {
        var grant = await app.Get<LedgerViews>().GrantAsync(fundId, reference, CancellationToken.None);
        var balance = await BalanceAsync(app, fundId);
        Assert.Equal(balance.PaidIn, balance.Allocated + balance.Available);
        if (grant.State == "approved")
        {
            Assert.Equal(Euro.FromDecimal(300m), grant.Allocated);
            Assert.Equal(Euro.FromDecimal(700m), balance.Available);
        }
        else
        {
            Assert.Equal("ReadyForBoard", await StatusAsync(app, fundId, reference));
            Assert.Equal(Euro.Zero, grant.Allocated);
            Assert.Equal(Euro.FromDecimal(1000m), balance.Available);
        }
    }

    private static async Task<List<Azure.Data.Tables.TableEntity>> LedgerRowsAsync(TestApp app, string fundId)
    {
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var row in app.Storage.Table(Storage.TableNames.Ledger).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == fundId))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<string> SponsorOfAsync(TestApp app, string fundId, string paymentId) =>
        (await LedgerRowsAsync(app, fundId)).First(r => r.RowKey.StartsWith(LedgerRows.MoneyPrefix, StringComparison.Ordinal) && r.GetString("PaymentId") == paymentId).GetString("SponsorId");

    /// <summary>Throws once at the named step, as a crashed worker would stop there.</summary>
    private sealed class CrashAt(string step) : IDecisionSteps
    {
        public bool Fired { get; private set; }

        public ValueTask ReachedAsync(string checkpoint, CancellationToken cancellationToken)
        {
            if (checkpoint == step && !Fired)
            {
                Fired = true;
                throw new InvalidOperationException($"Injected crash at {checkpoint}.");
            }

            return ValueTask.CompletedTask;
        }
    }
}
