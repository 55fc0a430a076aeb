using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Abuse.AbuseTestKit;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// Sub-point 1: rate limits on the anonymous routes, per client address and per e-mail address, held in Table Storage
/// (so they hold across instances), answered with 429, Retry-After and a German problem document.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RateLimitTests(SharedFixture shared)
{
    [Fact]
    public async Task Submissions_per_client_are_limited_per_hour_and_counted_over_both_forms()
    {
        await using var app = await StartAsync(shared, hour: 1, ("SubmissionsPerClientPerHour", "3"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var first = await SubmitAsync(app, fundId, Application(1), "203.0.113.41");
        var second = await PledgeAsync(app, fundId, Pledge("first@rate.example"), "203.0.113.41");
        var refusedBody = await SubmitAsync(app, fundId, TestData.Set(Application(2), "budget.requestedAmount", 0.5m), "203.0.113.41");
        var limited = await SubmitAsync(app, fundId, Application(3), "203.0.113.41");
        var limitedPledge = await PledgeAsync(app, fundId, Pledge("second@rate.example"), "203.0.113.41");

        Assert.Equal(201, first.Status);
        Assert.Equal(201, second.Status);
        Assert.Equal(422, refusedBody.Status); // every attempt counts, answered or refused
        AssertTooMany(limited, 3600);
        AssertTooMany(limitedPledge, 3600);
        Assert.Contains("Anschluss", limited.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The clock hour is 09:00–10:00 UTC plus whole hours: Retry-After is the rest of it.
        Assert.Equal("3600", limited.Header("Retry-After"));

        // Another client is not affected; an IPv6 client is its /64.
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(4), "198.51.100.7")).Status);
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(5), "2001:db8:1:2::1")).Status);
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(6), "2001:db8:1:2:ffff::9")).Status);
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(7), "2001:db8:1:2::abcd")).Status);
        AssertTooMany(await SubmitAsync(app, fundId, Application(8), "2001:db8:1:2::2"), 3600);

        // Nothing was stored for the refused ones; the next hour starts afresh.
        var stored = (await ApplicationTestKit.RowsAsync(app, fundId)).Count(r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
        Assert.Equal(5, stored);
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(9), "203.0.113.41")).Status);

        // Addresses are personal data: the counters hold hashes only.
        await AssertNowhereStoredAsync(app, TableNames.Counters, "203.0.113.41");
        await AssertNowhereStoredAsync(app, TableNames.Counters, "2001:db8");
    }

    [Fact]
    public async Task The_limit_for_all_clients_together_bounds_made_up_forwarded_addresses()
    {
        await using var app = await StartAsync(shared, hour: 2, ("SubmissionsPerHour", "3"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var statuses = new List<int>();
        for (var i = 1; i <= 5; i++)
        {
            var headers = await app.FormHeadersAsync(fundId, extra: new Dictionary<string, string> { ["X-Forwarded-For"] = $"10.9.8.{i}, 203.0.113.1" });
            var response = await SubmitAsync(app, fundId, Application(i), "203.0.113.1", headers);
            statuses.Add(response.Status);
            if (response.Status == 429)
            {
                AssertTooMany(response, 3600);
                Assert.Contains("ungewöhnlich viele", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([201, 201, 201, 429, 429], statuses);
    }

    [Fact]
    public async Task An_address_made_up_in_front_of_the_proxys_entry_is_no_fresh_identity()
    {
        await using var app = await StartAsync(shared, hour: 6, ("SubmissionsPerClientPerHour", "2"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var statuses = new List<int>();
        for (var i = 1; i <= 3; i++)
        {
            // What App Service's front end passes on when the caller sent "X-Forwarded-For: 10.9.8.i" itself.
            var headers = await app.FormHeadersAsync(fundId, extra: new Dictionary<string, string> { ["X-Forwarded-For"] = $"10.9.8.{i}, 198.51.100.77:50{i}1" });
            var response = await SubmitAsync(app, fundId, Application(i), "203.0.113.1", headers);
            statuses.Add(response.Status);
            if (response.Status == 429)
            {
                Assert.Contains("Von diesem Anschluss", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([201, 201, 429], statuses);
    }

    [Fact]
    public async Task The_limits_hold_across_instances_because_they_are_counted_in_storage()
    {
        await using var one = await StartAsync(shared, hour: 3, ("SubmissionsPerClientPerHour", "2"));
        await using var two = await StartAsync(shared, hour: 3, ("SubmissionsPerClientPerHour", "2"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(one);

        Assert.Equal(201, (await SubmitAsync(one, fundId, Application(1), "203.0.113.42")).Status);
        Assert.Equal(201, (await SubmitAsync(two, fundId, Application(2), "203.0.113.42")).Status);
        AssertTooMany(await SubmitAsync(one, fundId, Application(3), "203.0.113.42"), 3600);
        AssertTooMany(await SubmitAsync(two, fundId, Application(4), "203.0.113.42"), 3600);
    }

    [Fact]
    public async Task Submissions_per_e_mail_address_are_limited_by_a_hash_of_the_normalised_address()
    {
        await using var app = await StartAsync(shared, hour: 4, ("SubmissionsPerEmailPerHour", "2"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        // From three addresses: the e-mail limit counts the e-mail address, however it is spelled.
        var first = await SubmitAsync(app, fundId, Application(1, "Kontakt@Schule-Limit.example"), "203.0.113.51");
        var second = await PledgeAsync(app, fundId, Pledge("  kontakt@schule-limit.example"), "203.0.113.52");
        var third = await SubmitAsync(app, fundId, Application(2, "KONTAKT@SCHULE-LIMIT.EXAMPLE"), "203.0.113.53");
        var thirdPledge = await PledgeAsync(app, fundId, Pledge("kontakt@schule-limit.example"), "203.0.113.53");
        var other = await SubmitAsync(app, fundId, Application(3, "andere@schule-limit.example"), "203.0.113.53");

        Assert.Equal(201, first.Status);
        Assert.Equal(201, second.Status);
        AssertTooMany(third, 3600);
        Assert.Contains("E-Mail-Adresse", third.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("contact.email", third.ProblemFields);
        AssertTooMany(thirdPledge, 3600);
        Assert.Contains("sponsor.email", thirdPledge.ProblemFields);
        Assert.Equal(201, other.Status);

        await AssertNowhereStoredAsync(app, TableNames.Counters, "schule-limit");
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(4, "kontakt@schule-limit.example"), "203.0.113.54")).Status);
    }

    [Fact]
    public async Task Status_checks_and_withdrawals_per_client_are_limited_per_minute()
    {
        await using var app = await StartAsync(shared, hour: 5, ("StatusChecksPerClientPerMinute", "3"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var answers = new[]
        {
            await StatusAsync(app, fundId, "MRF-2026-0001", "203.0.113.61"),
            await WithdrawAsync(app, fundId, "MRF-2026-0001", "203.0.113.61"),
            await StatusAsync(app, fundId, "MRF-2026-0002", "203.0.113.61"),
            await StatusAsync(app, fundId, "MRF-2026-0003", "203.0.113.61"),
            await WithdrawAsync(app, fundId, "MRF-2026-0003", "203.0.113.61"),
        };

        Assert.All(answers.Take(3), a => Assert.Equal(404, a.Status));
        AssertTooMany(answers[3], 60);
        AssertTooMany(answers[4], 60);
        Assert.Equal("30", answers[3].Header("Retry-After"));
        Assert.Contains("Minute", answers[3].Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, (await StatusAsync(app, fundId, "MRF-2026-0001", "203.0.113.62")).Status);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(404, (await StatusAsync(app, fundId, "MRF-2026-0001", "203.0.113.61")).Status);
    }
}
