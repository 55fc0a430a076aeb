using System.Text.Json;
using Azure.Data.Tables;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Abuse.AbuseTestKit;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// Sub-point 2: the honeypot field and the minimum fill time (measured from the form challenge the server issued).
/// A bot gets the answer a person gets, 201 with a plausible but unusable reference, and nothing is stored, queued or
/// sent. The form challenge itself: required, signed, bound to its fund, expiring, and good for one submission.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BotTrapTests(SharedFixture shared)
{
    [Fact]
    public async Task A_filled_honeypot_gets_a_normal_looking_201_and_nothing_is_stored_queued_or_sent()
    {
        await using var app = await StartAsync(shared, hour: 20);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var person = await SubmitAsync(app, fundId, Application(1, website: ""));
        var bot = await SubmitAsync(app, fundId, Application(2, website: "https://spam.example"), "203.0.113.99");
        var sameBotAgain = await SubmitAsync(app, fundId, Application(2, website: "https://spam.example"), "203.0.113.99");

        // The same status, headers and shape as the person's answer; a reference of the fund's form.
        Assert.Equal(201, person.Status);
        Assert.Equal(201, bot.Status);
        Assert.Equal(Names(person.Json), Names(bot.Json));
        var reference = bot.Json.GetProperty("reference").GetString()!;
        Assert.Matches(@"\AMRF-2026-[0-9]{7}\z", reference);
        Assert.Equal($"/api/funds/{fundId}/applications/{reference}/status", bot.Header("Location"));
        Assert.Equal("submitted", bot.Json.GetProperty("status").GetString());
        Assert.Equal("queued", bot.Json.GetProperty("confirmationEmail").GetString());
        Assert.Equal(reference, sameBotAgain.Json.GetProperty("reference").GetString());

        // Only the person's application exists, only its two e-mails were queued; the decoy opens nothing.
        var rows = await ApplicationTestKit.RowsAsync(app, fundId);
        Assert.Equal(["app-" + person.Json.GetProperty("reference").GetString()], rows.Where(r => r.RowKey.StartsWith("app-", StringComparison.Ordinal)).Select(r => r.RowKey));
        Assert.DoesNotContain(rows, r => r.GetString("Reference") == reference);
        var queued = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(2, queued.Count);
        Assert.DoesNotContain(queued, m => m.MessageKey.Contains(reference, StringComparison.Ordinal));
        Assert.Equal(404, (await ApplicationTestKit.StatusAsync(app, fundId, reference, "irgendein-token")).Status);

        // The honeypot is never stored, not even empty.
        Assert.All(rows, r => Assert.DoesNotContain("website", r.GetString("Json") ?? string.Empty, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_form_sent_sooner_than_the_minimum_fill_time_gets_a_decoy()
    {
        await using var app = await StartAsync(shared, hour: 21, ("MinimumFillSeconds", "5"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var tooFast = await SubmitAsync(app, fundId, Application(1), headers: await app.FormHeadersAsync(fundId, TimeSpan.FromSeconds(4)));
        var inTime = await SubmitAsync(app, fundId, Application(2), headers: await app.FormHeadersAsync(fundId, TimeSpan.FromSeconds(5)));

        Assert.Equal(201, tooFast.Status);
        Assert.Matches(@"\AMRF-2026-[0-9]{7}\z", tooFast.Json.GetProperty("reference").GetString()!);
        Assert.Equal(201, inTime.Status);
        Assert.Equal("MRF-2026-0001", inTime.Json.GetProperty("reference").GetString());
        Assert.Single(await ApplicationTestKit.RowsAsync(app, fundId), r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pledge_from_a_bot_gets_a_plausible_receipt_and_nothing_is_stored()
    {
        await using var app = await StartAsync(shared, hour: 22);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var person = await PledgeAsync(app, fundId, Pledge("person@firma-bot.example", website: ""));
        var bot = await PledgeAsync(app, fundId, Pledge("bot@firma-bot.example", website: "http://viagra.example"));
        var fast = await PledgeAsync(app, fundId, Pledge("fast@firma-bot.example"), headers: await app.FormHeadersAsync(fundId, TimeSpan.FromSeconds(1)));

        Assert.Equal(201, person.Status);
        Assert.Equal(201, bot.Status);
        Assert.Equal(201, fast.Status);
        Assert.Equal(Names(person.Json), Names(bot.Json));
        var reference = bot.Json.GetProperty("reference").GetString()!;
        Assert.Matches(@"\AMRF-P-2026-[0-9]{7}\z", reference);
        Assert.Equal(reference + "-1", bot.Json.GetProperty("instalments")[0].GetProperty("remittanceReference").GetString());
        Assert.Equal(
            person.Json.GetProperty("payment").GetProperty("iban").GetString(), bot.Json.GetProperty("payment").GetProperty("iban").GetString());

        // One sponsor, one pledge, one e-mail: the person's.
        Assert.Single(await PartitionAsync(app, TableNames.Sponsors, fundId), r => !r.RowKey.StartsWith("person-", StringComparison.Ordinal));
        var pledges = await PartitionAsync(app, TableNames.Pledges, fundId);
        Assert.DoesNotContain(pledges, r => r.RowKey.Contains(reference, StringComparison.Ordinal));
        foreach (var table in new[] { TableNames.Pledges, TableNames.Sponsors, TableNames.Notifications })
        {
            await AssertNowhereStoredAsync(app, table, "bot@firma-bot.example");
            await AssertNowhereStoredAsync(app, table, "fast@firma-bot.example");
        }

        var queued = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(["person@firma-bot.example"], queued.Select(m => m.To.Single().Email));
    }

    [Fact]
    public async Task A_bot_with_invalid_content_gets_the_same_422_as_a_person()
    {
        await using var app = await StartAsync(shared, hour: 23);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        var invalid = TestData.Set(Application(1), "budget.requestedAmount", 100000m);

        var person = await SubmitAsync(app, fundId, invalid);
        invalid["website"] = "spam";
        var bot = await SubmitAsync(app, fundId, invalid);

        Assert.Equal(422, person.Status);
        Assert.Equal(422, bot.Status);
        Assert.Equal(person.ProblemFields, bot.ProblemFields);
    }

    [Fact]
    public async Task The_challenge_comes_from_the_fund_and_is_required_signed_bound_to_its_fund_and_expires()
    {
        await using var app = await StartAsync(shared, hour: 24, ("ChallengeLifetimeHours", "2"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        var otherFund = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var issued = await app.CallAsync<FormChallengeFunctions>(
            "GET", $"/api/funds/{fundId}/challenge", (f, r) => f.GetFormChallenge(r, fundId, CancellationToken.None));
        var unknown = await app.CallAsync<FormChallengeFunctions>(
            "GET", "/api/funds/gibt-es-nicht/challenge", (f, r) => f.GetFormChallenge(r, "gibt-es-nicht", CancellationToken.None));
        Assert.Equal(200, issued.Status);
        Assert.Equal(0, issued.Json.GetProperty("difficulty").GetInt32());
        Assert.Equal(app.Time.GetUtcNow().AddHours(2), issued.Json.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(404, unknown.Status);
        var challenge = issued.Json.GetProperty("challenge").GetString()!;

        var missing = await SubmitAsync(app, fundId, Application(1), headers: new Dictionary<string, string>());
        var forged = await SubmitAsync(app, fundId, Application(2), headers: Challenge(challenge[..^2] + (challenge[^2..] == "AA" ? "AB" : "AA")));
        var otherFunds = await SubmitAsync(app, otherFund, Application(3), headers: Challenge(challenge));
        app.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var expired = await SubmitAsync(app, fundId, Application(4), headers: Challenge(challenge));

        foreach (var refused in new[] { missing, forged, otherFunds, expired })
        {
            Assert.Equal(400, refused.Status);
            Assert.Equal("urn:mintfonds:problem:form-challenge", refused.Json.GetProperty("type").GetString());
            Assert.Equal([FormChallenges.ChallengeHeader], refused.ProblemFields);
            Assert.Contains("neu laden", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("abgelaufen", expired.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await ApplicationTestKit.RowsAsync(app, fundId), r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_challenge_serves_one_submission_a_retry_of_it_and_a_corrected_form_after_a_refusal()
    {
        await using var app = await StartAsync(shared, hour: 25);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        var headers = await app.FormHeadersAsync(fundId, extra: new Dictionary<string, string> { ["Idempotency-Key"] = "formular-1" });

        var refused = await SubmitAsync(app, fundId, TestData.Set(Application(1), "budget.requestedAmount", 100000m), headers: headers);
        var corrected = await SubmitAsync(app, fundId, Application(1), headers: headers);
        var retried = await SubmitAsync(app, fundId, Application(1), headers: headers);
        var another = await SubmitAsync(app, fundId, Application(2), headers: new Dictionary<string, string>(headers) { ["Idempotency-Key"] = "formular-2" });

        Assert.Equal(422, refused.Status);
        Assert.Equal(201, corrected.Status);
        Assert.Equal(201, retried.Status);
        Assert.Equal("true", retried.Header("Idempotent-Replayed"));
        Assert.Equal(corrected.Json.GetProperty("reference").GetString(), retried.Json.GetProperty("reference").GetString());
        Assert.Equal(409, another.Status);
        Assert.Equal("urn:mintfonds:problem:form-challenge-used", another.Json.GetProperty("type").GetString());
        Assert.Equal([FormChallenges.ChallengeHeader], another.ProblemFields);

        // The used-mark holds a hash of the request, never the challenge or the body.
        var marks = (await AllRowsAsync(app, TableNames.Counters)).Where(r => r.PartitionKey.StartsWith("challenge|", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(marks);
        Assert.All(marks, m => Assert.DoesNotContain(headers[FormChallenges.ChallengeHeader], JsonSerializer.Serialize(m), StringComparison.Ordinal));
        await AssertNowhereStoredAsync(app, TableNames.Counters, "Grundschule Nummer");
    }

    [Fact]
    public async Task Without_a_required_challenge_a_client_may_post_without_one_but_a_bad_one_is_still_refused()
    {
        await using var app = await StartAsync(shared, hour: 26, ("FormChallengeRequired", "false"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        Assert.Equal(201, (await SubmitAsync(app, fundId, Application(1), headers: new Dictionary<string, string>())).Status);
        Assert.Equal(400, (await SubmitAsync(app, fundId, Application(2), headers: Challenge("1.x.1.y.z"))).Status);
    }

    private static Dictionary<string, string> Challenge(string value) => new() { [FormChallenges.ChallengeHeader] = value };

    private static List<string> Names(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static async Task<List<TableEntity>> PartitionAsync(TestApp app, string table, string fundId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(table).QueryAsync<TableEntity>(e => e.PartitionKey == fundId))
        {
            rows.Add(row);
        }

        return rows;
    }
}
