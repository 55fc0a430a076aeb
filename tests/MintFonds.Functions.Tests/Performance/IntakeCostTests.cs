using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Performance;

/// <summary>
/// What intake costs in storage requests, counted by a pipeline policy in every storage client (no timing is asserted):
/// an accepted application or pledge is one transaction, one queue message and one delete once the fund's rules are
/// cached, and concurrent submitters, in one instance or two, do not multiply that.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IntakeCostTests(SharedFixture shared)
{
    [Fact]
    public async Task An_accepted_application_costs_one_transaction_one_queue_message_and_one_delete()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var fundId = await FundWithOpenCallAsync(measured.App);
        Assert.Equal(201, (await SubmitAsync(measured.App, fundId, TestData.Application(Start, "Schule 0"))).Status);

        for (var i = 1; i <= 5; i++)
        {
            var counts = await measured.CountAsync(async () =>
                Assert.Equal(201, (await SubmitAsync(measured.App, fundId, TestData.Application(Start, $"Schule {i}"))).Status));

            Assert.True(counts.Requests <= 5, Describe(counts));
            Assert.Equal(["queue notifications send", "table Applications $batch", "table Applications delete"], counts.Operations.Select(o => o.Operation));
            Assert.All(counts.Operations, o => Assert.Equal(1, o.Requests));
        }

        // Both e-mails of each application travel in one queue message.
        Assert.Equal(12, (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId)).Count);
    }

    [Fact]
    public async Task An_accepted_pledge_costs_at_most_five_storage_requests()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var fundId = await Funds.CallTests.NewFund(measured.App);
        await Pledges.PledgeTestKit.SubmitAsync(measured.App, fundId, Pledges.PledgeTestKit.Pledge(name: "Firma 0", email: "f0@firma.example"));

        var total = 0L;
        for (var i = 1; i <= 8; i++)
        {
            var counts = await measured.CountAsync(async () =>
                Assert.Equal(201, (await Pledges.PledgeTestKit.SubmitAsync(measured.App, fundId, Pledges.PledgeTestKit.Pledge(name: $"Firma {i}", email: $"f{i}@firma.example"))).Status));

            // The sponsor's insert, the transaction, one queue message, one delete, and now and then a block of numbers.
            Assert.True(counts.Requests <= 5, Describe(counts));
            Assert.Equal(0, counts.RequestsTo("table Funds"));
            total += counts.Requests;
        }

        Assert.True(total <= 8 * 4 + 3, $"{total} requests for 8 pledges");
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task Thirty_two_concurrent_applications_cost_at_most_twelve_requests_each_and_stay_gapless()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var fundId = await FundWithOpenCallAsync(measured.App);
        Assert.Equal(201, (await SubmitAsync(measured.App, fundId, TestData.Application(Start, "Schule 0"))).Status);

        var references = new List<string>();
        var counts = await measured.CountAsync(async () =>
        {
            // Each from its own address, as schools are (one address's quota row is a row the address's own submissions share).
            var responses = await ConcurrentlyAsync(64, 32, i => SubmitAsync(measured.App, fundId, WithEmail(TestData.Application(Start, $"Schule {i + 1}"), $"s{i}@schule.example")));
            Assert.All(responses, r => Assert.Equal(201, r.Status));
            references.AddRange(responses.Select(r => r.Json.GetProperty("reference").GetString()!));
        });

        Assert.True(counts.Requests <= 12 * 64, Describe(counts));
        Assert.Equal(Enumerable.Range(2, 64).Select(i => $"MRF-2026-{i:D4}"), references.Order(StringComparer.Ordinal));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task Two_instances_submitting_at_once_keep_references_gapless_and_unique_without_a_request_storm()
    {
        await using var first = await MeasuredApp.StartAsync(shared, Now);
        await using var second = await MeasuredApp.StartAsync(shared, Now);
        var fundId = await FundWithOpenCallAsync(first.App);
        first.Counter.Reset();
        second.Counter.Reset();

        var responses = await Task.WhenAll(
            ConcurrentlyAsync(24, 12, i => SubmitAsync(first.App, fundId, TestData.Application(Start, $"Schule A{i}"))),
            ConcurrentlyAsync(24, 12, i => SubmitAsync(second.App, fundId, TestData.Application(Start, $"Schule B{i}"))));

        var all = responses.SelectMany(r => r).ToList();
        Assert.All(all, r => Assert.Equal(201, r.Status));
        Assert.Equal(Enumerable.Range(1, 48).Select(i => $"MRF-2026-{i:D4}"), all.Select(r => r.Json.GetProperty("reference").GetString()).Order(StringComparer.Ordinal));
        // Intake only: the rate-limit counters of the abuse layer are measured apart (see MeasuredApp.CountAsync).
        static long Intake(StorageCounts counts) => counts.Requests - counts.RequestsTo("table Counters");
        var requests = Intake(first.Counter.Snapshot()) + Intake(second.Counter.Snapshot());
        Assert.True(requests <= 12 * 48, $"{requests} storage requests for 48 applications");
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task Pledge_numbers_from_two_instances_never_repeat()
    {
        await using var first = await MeasuredApp.StartAsync(shared, Now);
        await using var second = await MeasuredApp.StartAsync(shared, Now);
        var fundId = await Funds.CallTests.NewFund(first.App);

        var responses = await Task.WhenAll(
            ConcurrentlyAsync(20, 8, i => Pledges.PledgeTestKit.SubmitAsync(first.App, fundId, Pledges.PledgeTestKit.Pledge(name: $"Firma A{i}", email: $"a{i}@firma.example"))),
            ConcurrentlyAsync(20, 8, i => Pledges.PledgeTestKit.SubmitAsync(second.App, fundId, Pledges.PledgeTestKit.Pledge(name: $"Firma B{i}", email: $"b{i}@firma.example"))));

        var references = responses.SelectMany(r => r).Select(r => r.Json.GetProperty("reference").GetString()).ToList();
        Assert.Equal(40, references.Distinct().Count());
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    /// <summary>Runs <paramref name="count"/> calls with <paramref name="clients"/> of them in flight at any time; answers in call order.</summary>
    internal static async Task<TestResponse[]> ConcurrentlyAsync(int count, int clients, Func<int, Task<TestResponse>> call)
    {
        var answers = new TestResponse[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                answers[i] = await call(i);
            }
        }));
        return answers;
    }

    private static Dictionary<string, object?> WithEmail(Dictionary<string, object?> application, string email)
    {
        TestData.Set(application, "contact.email", email);
        return application;
    }

    internal static string Describe(StorageCounts counts) =>
        string.Join("; ", counts.Operations.Select(o => $"{o.Operation}: {o.Requests}"));
}
