using Azure.Data.Tables;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Performance;
using static MintFonds.Functions.Tests.Abuse.AbuseTestKit;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// The limits for all clients together are leased per instance in blocks (<c>WindowAllowance</c>): the shared row is
/// no longer written by every submission, so concurrent submitters do not queue on it, and the limit still holds across
/// instances — never later, at most a few unused units early.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SharedLimitTests(SharedFixture shared)
{
    [Fact]
    public async Task The_limit_for_all_clients_holds_exactly_across_two_instances_submitting_at_once()
    {
        await using var one = await StartAsync(shared, hour: 110, ("SubmissionsPerHour", "10"));
        await using var two = await StartAsync(shared, hour: 110, ("SubmissionsPerHour", "10"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(one);

        var answers = await Task.WhenAll(
            IntakeCostTests.ConcurrentlyAsync(10, 4, i => SubmitAsync(one, fundId, Application(100 + i, $"a{i}@schule.example"), $"198.51.100.{i + 1}")),
            IntakeCostTests.ConcurrentlyAsync(10, 4, i => SubmitAsync(two, fundId, Application(200 + i, $"b{i}@schule.example"), $"198.51.100.{i + 101}")));

        var statuses = answers.SelectMany(a => a).Select(r => r.Status).ToList();
        Assert.Equal(10, statuses.Count(s => s == 201));
        Assert.Equal(10, statuses.Count(s => s == 429));
    }

    [Fact]
    public async Task An_application_from_a_new_client_and_address_costs_four_counter_requests_beside_intakes_three()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, ApplicationTestKit.Now.AddDays(3).AddHours(112));
        var app = measured.App;
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(400, "d0@schule.example"), "198.51.100.200")).Status);

        for (var i = 1; i <= 5; i++)
        {
            var counts = await measured.CountWithLimitsAsync(async () =>
                Assert.Equal(201, (await SubmitAsync(app, fundId, Application(400 + i, $"d{i}@schule.example"), $"198.51.100.{200 + i}")).Status));

            // Intake: transaction, queue message, outbox delete. Abuse layer: the client's counter, the address's day
            // row, the challenge's mark (three inserts), the confirmation decision (a merge on the address row); the
            // shared "all clients" row only when this instance's lease runs out (a read and a replace, now and then).
            Assert.Equal(3, counts.Requests - counts.RequestsTo("table Counters"));
            Assert.Equal(3, counts.RequestsTo("table Counters insert"));
            Assert.Equal(1, counts.RequestsTo("table Counters merge"));
            Assert.True(counts.RequestsTo("table Counters") <= 6, IntakeCostTests.Describe(counts));
        }
    }

    [Fact]
    public async Task Thirty_two_concurrent_submitters_write_the_shared_row_a_few_times_not_once_each()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, ApplicationTestKit.Now.AddDays(3).AddHours(111));
        var app = measured.App;
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var counts = await measured.CountWithLimitsAsync(async () =>
        {
            var answers = await IntakeCostTests.ConcurrentlyAsync(
                64, 32, i => SubmitAsync(app, fundId, Application(300 + i, $"c{i}@schule.example"), $"198.51.100.{i + 1}"));
            Assert.All(answers, a => Assert.Equal(201, a.Status));
        });

        // Per submission: the client's counter (an insert), the address's day row (an insert), the challenge's mark (an
        // insert) and the confirmation decision on the address row (a merge); the shared row now and then.
        var counters = counts.Operations.Where(o => o.Operation.StartsWith("table Counters", StringComparison.Ordinal)).Sum(o => o.Requests);
        Assert.True(counters <= 64 * 4 + 16, IntakeCostTests.Describe(counts));

        var table = app.Storage.Table(TableNames.Counters);
        var window = app.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHH00", System.Globalization.CultureInfo.InvariantCulture);
        var all = (await table.GetEntityAsync<TableEntity>($"anonymous-submissions|{window}", "all")).Value;
        var leased = all.GetInt64("Value") ?? 0;
        Assert.InRange(leased, 64, 64 + 32);
    }

    [Fact]
    public async Task A_school_sending_many_forms_at_once_from_one_address_is_served_without_its_submissions_racing_each_other()
    {
        // One public address (the school's router), one contact address, 48 forms, 16 at a time, in one instance: every
        // one is accepted, and no write to the client's or the address's counter row loses a race to a sibling (before
        // the per-instance lock such races ended, now and then, in a 429 or 503 the school had not earned).
        await using var measured = await MeasuredApp.StartAsync(shared, ApplicationTestKit.Now.AddDays(3).AddHours(113));
        var app = measured.App;
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var counts = await measured.CountWithLimitsAsync(async () =>
        {
            var answers = await IntakeCostTests.ConcurrentlyAsync(
                48, 16, i => SubmitAsync(app, fundId, Application(500 + i, "sekretariat@eine-schule.example"), "198.51.100.250"));
            Assert.All(answers, a => Assert.Equal(201, a.Status));
        });

        // The counters' only failed requests are the expected inserts of rows that already exist (409, then read);
        // no ETag-guarded replace of the client's row fails. (The address row's decision merge may meet a sibling's
        // later count and re-read: that is the submission's own ticket gone stale, not a race for the count.)
        Assert.Equal(0, counts.Operations.Where(o => o.Operation == "table Counters replace").Sum(o => o.Failed));
    }
}
