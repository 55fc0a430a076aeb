using System.Text.Json;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Functions.Access;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Intake;

/// <summary>
/// Intake keeps the fund and call for a minute, yet never accepts against rules that changed: the rules gate in the
/// intake partition is rolled by every change and touched by every accepting transaction.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RulesCacheTests(SharedFixture shared)
{
    private static readonly AdminPrincipal Office = new("00000000-0000-0000-0000-0000000000ab", null, [], IsPlatformAdmin: true);

    [Fact]
    public async Task The_rules_are_read_once_and_a_change_is_in_force_for_the_very_next_application()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await FundWithOpenCallAsync(app);
        Assert.Equal(201, (await SubmitAsync(app, fundId, TestData.Application(Start, "Schule A"))).Status);

        var cached = await measured.CountAsync(async () => Assert.Equal(201, (await SubmitAsync(app, fundId, TestData.Application(Start, "Schule B"))).Status));
        Assert.Equal(0, cached.RequestsTo("table Funds") + cached.RequestsTo("table Calls"));

        await LowerMaximumAsync(app, fundId, 200m);
        var refused = await SubmitAsync(app, fundId, TestData.Application(Start, "Schule C"));

        Assert.Equal(422, refused.Status);
        Assert.Equal(["budget.requestedAmount"], refused.ProblemFields);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_change_landing_between_reading_the_rules_and_committing_fails_the_commit_and_the_application_is_checked_again()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await FundWithOpenCallAsync(app);
        Assert.Equal(201, (await SubmitAsync(app, fundId, TestData.Application(Start, "Schule A"))).Status);

        // The office lowers the maximum while the next application is on its way to storage with the old rules.
        measured.Hooks.Before(StorageHooks.IsTransaction, () => LowerMaximumAsync(app, fundId, 200m));
        var refused = await SubmitAsync(app, fundId, TestData.Application(Start, "Schule B"));

        Assert.Equal(422, refused.Status);
        Assert.Equal(["budget.requestedAmount"], refused.ProblemFields);
        Assert.Single(await RowsAsync(app, fundId), r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task While_a_change_is_under_way_or_its_writer_died_every_submission_reads_the_rules_itself()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var app = measured.App;
        var fundId = await FundWithOpenCallAsync(app);
        Assert.Equal(201, (await SubmitAsync(app, fundId, TestData.Application(Start, "Schule A"))).Status);

        // A change starts and its writer dies right after writing the document, before it could finish.
        await RulesGate.BeginAsync(app.Storage.Table(TableNames.Applications), fundId, "writer-that-died", app.Time, CancellationToken.None);
        var call = (await app.Get<CallTable>().GetAsync(fundId, "laufend", CancellationToken.None))!;
        var lowered = call.Value with { Rules = new FundingRules { MaxAmountPerApplication = Core.Money.Euro.FromDecimal(200m) } };
        await app.Get<CallTable>().ReplaceAsync(fundId, "laufend", lowered, call.ETag, CancellationToken.None);

        Assert.Equal(422, (await SubmitAsync(app, fundId, TestData.Application(Start, "Schule B"))).Status);
        for (var i = 0; i < 2; i++)
        {
            var institution = $"Schule C{i}";
            var uncached = await measured.CountAsync(async () => Assert.Equal(201, (await SubmitAsync(app, fundId, Modest(institution))).Status));
            Assert.Equal(1, uncached.RequestsTo("table Calls"));
        }

        // Once the dead writer is older than any function can run, copies are kept again.
        app.Time.Advance(RulesGate.WriterLifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(201, (await SubmitAsync(app, fundId, Modest("Schule D"))).Status);
        var cachedAgain = await measured.CountAsync(async () => Assert.Equal(201, (await SubmitAsync(app, fundId, Modest("Schule E"))).Status));
        Assert.Equal(0, cachedAgain.RequestsTo("table Calls"));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_closed_fund_takes_no_pledge_although_it_was_cached_open()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Pledges.PledgeTestKit.Now);
        var app = measured.App;
        var fundId = await Funds.CallTests.NewFund(app);
        Assert.Equal(201, (await Pledges.PledgeTestKit.SubmitAsync(app, fundId, Pledges.PledgeTestKit.Pledge())).Status);

        var fund = await app.Get<FundService>().GetAsync(fundId, CancellationToken.None);
        await app.Get<FundService>().CloseAsync(fundId, fund.ETag, Office, CancellationToken.None);

        Assert.Equal(404, (await Pledges.PledgeTestKit.SubmitAsync(app, fundId, Pledges.PledgeTestKit.Pledge(name: "Andere GmbH", email: "a@andere.example"))).Status);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    private static async Task LowerMaximumAsync(TestApp app, string fundId, decimal maximum)
    {
        var calls = app.Get<CallService>();
        var current = await calls.GetAsync(fundId, "laufend", CancellationToken.None);
        var input = TestData.Call("laufend", new DateOnly(2026, 1, 1));
        input["rules"] = new Dictionary<string, object?> { ["maxAmountPerApplication"] = maximum };
        var callInput = JsonSerializer.Deserialize<CallInput>(JsonSerializer.Serialize(input, MintFondsJson.Api), MintFondsJson.Api)!;
        await calls.UpdateAsync(fundId, "laufend", callInput, current.ETag, Office, CancellationToken.None);
    }

    /// <summary>An application for 150 € (plus the sample's 50 € own contribution), within a lowered maximum of 200 €.</summary>
    private static Dictionary<string, object?> Modest(string institution)
    {
        var application = TestData.Set(TestData.Application(Start, institution), "budget.requestedAmount", 150m);
        object[] lines = [new Dictionary<string, object?> { ["description"] = "Experimentierkästen", ["amount"] = 200m }];
        return TestData.Set(application, "budget.lines", lines);
    }
}
