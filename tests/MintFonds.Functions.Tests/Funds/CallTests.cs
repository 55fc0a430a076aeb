using MintFonds.Core.Time;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Funds;

[Collection(AppCollection.Name)]
public sealed class CallTests(SharedFixture shared)
{
    // 10:00 in Bingen on 26 November 2026.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_public_list_shows_only_calls_open_today_with_the_rules_in_force()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await NewFund(app);
        var today = BerlinTime.Today(app.Time);

        var rolling = TestData.Call("laufend", today.AddDays(-30));
        rolling["rules"] = new Dictionary<string, object?> { ["maxAmountPerApplication"] = 300.00m, ["eligibleStages"] = new[] { "kita", "primarstufe" } };
        await CreateCall(app, fundId, rolling);
        await CreateCall(app, fundId, TestData.Call("fruehjahr", today.AddDays(-10), today.AddDays(20)));
        await CreateCall(app, fundId, TestData.Call("vorbei", today.AddDays(-60), today.AddDays(-1)));
        await CreateCall(app, fundId, TestData.Call("spaeter", today.AddDays(5), today.AddDays(60)));
        var closedLater = await CreateCall(app, fundId, TestData.Call("geschlossen", today.AddDays(-5)));
        await CloseCall(app, fundId, "geschlossen", closedLater.Header("ETag")!);

        var response = await app.CallAsync<PublicCallFunctions>(
            "GET", $"/api/funds/{fundId}/calls", (f, r) => f.ListOpenCalls(r, fundId, CancellationToken.None));

        Assert.Equal(200, response.Status);
        var calls = response.Json.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(["fruehjahr", "laufend"], calls.Select(c => c.GetProperty("id").GetString()));

        var laufend = calls.Single(c => c.GetProperty("id").GetString() == "laufend");
        Assert.True(laufend.GetProperty("rolling").GetBoolean());
        Assert.Equal(300m, laufend.GetProperty("maxAmountPerApplication").GetDecimal());
        Assert.Equal(28, laufend.GetProperty("minLeadTimeDays").GetInt32());
        Assert.Equal(today.AddDays(28).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), laufend.GetProperty("earliestProjectStart").GetString());
        Assert.Equal(["kita", "primarstufe"], laufend.GetProperty("educationStages").EnumerateArray().Select(s => s.GetProperty("value").GetString()));
        Assert.Equal("Kita", laufend.GetProperty("educationStages")[0].GetProperty("label").GetString());
        Assert.Equal(8, laufend.GetProperty("institutionTypes").GetArrayLength());
        Assert.Equal(["Landkreis Mainz-Bingen", "Mainz"], laufend.GetProperty("districts").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(200, response.Json.GetProperty("limits").GetProperty("titleMaxLength").GetInt32());
        Assert.Equal("MINT-Regionalfonds Testregion", response.Json.GetProperty("fund").GetProperty("name").GetString());
        Assert.DoesNotContain("iban", response.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_call_ending_today_is_open_until_midnight_in_Germany()
    {
        // 23:30 UTC on 30 November is already 00:30 on 1 December in Bingen (CET, UTC+1).
        await using var app = await TestApp.StartAsync(shared, now: new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero));
        var fundId = await NewFund(app);
        await CreateCall(app, fundId, TestData.Call("november", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
        await CreateCall(app, fundId, TestData.Call("dezember", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)));

        var response = await app.CallAsync<PublicCallFunctions>(
            "GET", $"/api/funds/{fundId}/calls", (f, r) => f.ListOpenCalls(r, fundId, CancellationToken.None));

        Assert.Equal(["dezember"], response.Json.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_public_list_of_an_unknown_or_closed_fund_is_404()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var unknown = TestData.NewFundId();
        var response = await app.CallAsync<PublicCallFunctions>(
            "GET", $"/api/funds/{unknown}/calls", (f, r) => f.ListOpenCalls(r, unknown, CancellationToken.None));
        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_with_bad_dates_and_amounts_lists_every_problem()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await NewFund(app);
        var call = TestData.Call("Falsch Geschrieben", new DateOnly(2027, 3, 1), new DateOnly(2027, 2, 1));
        call["budget"] = 100.00m;
        call["rules"] = new Dictionary<string, object?> { ["maxAmountPerApplication"] = 500.00m, ["coFundingSharePercent"] = 120 };

        var response = await CreateCall(app, fundId, call);

        Assert.Equal(422, response.Status);
        Assert.Equal(
            new[] { "closesOn", "id", "rules.coFundingSharePercent", "rules.maxAmountPerApplication" },
            response.ProblemFields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_call_is_changed_with_its_ETag_and_a_stale_change_gets_412()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await NewFund(app);
        var created = await CreateCall(app, fundId, TestData.Call("herbst", new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 15)));

        var change = TestData.Call("herbst", new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 31));
        var first = await UpdateCall(app, fundId, "herbst", change, created.Header("ETag")!);
        var second = await UpdateCall(app, fundId, "herbst", change, created.Header("ETag")!);

        Assert.Equal(200, first.Status);
        Assert.Equal("2026-12-31", first.Json.GetProperty("closesOn").GetString());
        Assert.Equal(412, second.Status);
    }

    [Fact]
    public async Task Two_concurrent_changes_with_the_same_ETag_let_exactly_one_win()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await NewFund(app);
        var created = await CreateCall(app, fundId, TestData.Call("wettlauf", new DateOnly(2026, 9, 1)));
        var etag = created.Header("ETag")!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
        {
            var change = TestData.Call("wettlauf", new DateOnly(2026, 9, 1));
            change["title"] = $"Version {i}";
            return UpdateCall(app, fundId, "wettlauf", change, etag);
        }));

        Assert.Single(results, r => r.Status == 200);
        Assert.Equal(7, results.Count(r => r.Status == 412));
    }

    [Fact]
    public async Task A_closed_fund_takes_no_new_calls()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = TestData.NewFundId();
        var fund = await FundAdminTests.CreateFund(app, TestData.Fund(fundId));
        await app.CallAsync<FundAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/close", (f, r) => f.CloseFund(r, fundId, CancellationToken.None),
            token: app.PlatformAdminToken, headers: new Dictionary<string, string> { ["If-Match"] = fund.Header("ETag")! });

        var response = await CreateCall(app, fundId, TestData.Call("neu", new DateOnly(2026, 12, 1)));
        Assert.Equal(409, response.Status);
    }

    [Fact]
    public async Task The_admin_list_shows_every_call_of_the_fund()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await NewFund(app);
        await CreateCall(app, fundId, TestData.Call("a-runde", new DateOnly(2026, 1, 1)));
        await CreateCall(app, fundId, TestData.Call("b-runde", new DateOnly(2027, 1, 1)));

        var response = await app.CallAsync<CallAdminFunctions>(
            "GET", $"/api/manage/funds/{fundId}/calls", (f, r) => f.ListCalls(r, fundId, CancellationToken.None), token: app.PlatformAdminToken);

        Assert.Equal(["b-runde", "a-runde"], response.Json.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    internal static async Task<string> NewFund(TestApp app, Dictionary<string, object?>? fund = null)
    {
        var id = TestData.NewFundId();
        if (fund is not null)
        {
            fund["id"] = id;
        }

        var response = await FundAdminTests.CreateFund(app, fund ?? TestData.Fund(id));
        Assert.Equal(201, response.Status);
        return id;
    }

    internal static Task<TestResponse> CreateCall(TestApp app, string fundId, object call, string? token = null) =>
        app.CallAsync<CallAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/calls", (f, r) => f.CreateCall(r, fundId, CancellationToken.None), call, token ?? app.PlatformAdminToken);

    private static Task<TestResponse> UpdateCall(TestApp app, string fundId, string callId, object call, string etag) =>
        app.CallAsync<CallAdminFunctions>(
            "PUT", $"/api/manage/funds/{fundId}/calls/{callId}", (f, r) => f.UpdateCall(r, fundId, callId, CancellationToken.None), call,
            app.PlatformAdminToken, headers: new Dictionary<string, string> { ["If-Match"] = etag });

    private static Task<TestResponse> CloseCall(TestApp app, string fundId, string callId, string etag) =>
        app.CallAsync<CallAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/calls/{callId}/close", (f, r) => f.CloseCall(r, fundId, callId, CancellationToken.None),
            token: app.PlatformAdminToken, headers: new Dictionary<string, string> { ["If-Match"] = etag });
}
