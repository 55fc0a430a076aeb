using System.Net;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Funds;

[Collection(AppCollection.Name)]
public sealed class FundAdminTests(SharedFixture shared)
{
    private string Admin => shared.Tokens.PlatformAdmin();

    [Fact]
    public async Task A_platform_admin_creates_a_fund_and_reads_it_back_with_its_ETag()
    {
        await using var app = await TestApp.StartAsync(shared);
        var id = TestData.NewFundId();

        var created = await CreateFund(app, TestData.Fund(id));

        Assert.Equal(201, created.Status);
        Assert.Equal($"/api/manage/funds/{id}", created.Header("Location"));
        Assert.False(string.IsNullOrEmpty(created.Header("ETag")));
        Assert.Equal("DE89370400440532013000", created.Json.GetProperty("bankAccount").GetProperty("iban").GetString());
        Assert.Equal("active", created.Json.GetProperty("status").GetString());

        var read = await GetFund(app, id, Admin);
        Assert.Equal(200, read.Status);
        Assert.Equal(created.Header("ETag"), read.Header("ETag"));
        Assert.Equal("Berlinstraße 109", read.Json.GetProperty("operator").GetProperty("address").GetProperty("street").GetString());
        Assert.Equal(500m, read.Json.GetProperty("rules").GetProperty("maxAmountPerApplication").GetDecimal());
    }

    [Fact]
    public async Task Repeating_the_same_create_returns_the_stored_fund_and_a_different_one_is_a_conflict()
    {
        await using var app = await TestApp.StartAsync(shared);
        var id = TestData.NewFundId();
        Assert.Equal(201, (await CreateFund(app, TestData.Fund(id))).Status);

        var again = await CreateFund(app, TestData.Fund(id));
        Assert.Equal(200, again.Status);

        var other = TestData.Fund(id);
        other["name"] = "Ein anderer Fonds";
        var conflict = await CreateFund(app, other);
        Assert.Equal(409, conflict.Status);
        Assert.Contains("id", conflict.ProblemFields);
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_one_answer_and_nothing_is_stored()
    {
        await using var app = await TestApp.StartAsync(shared);
        var id = TestData.NewFundId();
        var fund = TestData.Fund(id);
        fund["name"] = "";
        ((Dictionary<string, object?>)fund["bankAccount"]!)["iban"] = "DE89 3704 0044 0532 0130 01";
        ((Dictionary<string, object?>)fund["contact"]!)["email"] = "kein-at-zeichen";
        ((Dictionary<string, object?>)fund["rules"]!)["minLeadTimeDays"] = 400;
        ((Dictionary<string, object?>)((Dictionary<string, object?>)fund["operator"]!)["address"]!)["postalCode"] = "5541";

        var response = await CreateFund(app, fund);

        Assert.Equal(422, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(
            new[] { "bankAccount.iban", "contact.email", "name", "operator.address.postalCode", "rules.minLeadTimeDays" },
            response.ProblemFields.Order(StringComparer.Ordinal));
        Assert.Contains("Prüfsumme", response.Body, StringComparison.Ordinal);
        Assert.Equal(404, (await GetFund(app, id, Admin)).Status);
    }

    [Fact]
    public async Task An_update_with_the_current_ETag_succeeds_and_a_stale_one_gets_412()
    {
        await using var app = await TestApp.StartAsync(shared);
        var id = TestData.NewFundId();
        var created = await CreateFund(app, TestData.Fund(id));
        var firstETag = created.Header("ETag")!;

        var changed = TestData.Fund(id);
        changed["name"] = "MINT-Regionalfonds Rheinhessen";
        var updated = await UpdateFund(app, id, changed, firstETag);
        Assert.Equal(200, updated.Status);
        Assert.NotEqual(firstETag, updated.Header("ETag"));

        changed["name"] = "Überholt";
        var stale = await UpdateFund(app, id, changed, firstETag);
        Assert.Equal(412, stale.Status);
        Assert.Equal("MINT-Regionalfonds Rheinhessen", (await GetFund(app, id, Admin)).Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_update_without_If_Match_is_refused_with_428()
    {
        await using var app = await TestApp.StartAsync(shared);
        var id = TestData.NewFundId();
        await CreateFund(app, TestData.Fund(id));

        var response = await app.CallAsync<FundAdminFunctions>(
            "PUT", $"/api/manage/funds/{id}", (f, r) => f.UpdateFund(r, id, CancellationToken.None), TestData.Fund(id), Admin);

        Assert.Equal(428, response.Status);
        Assert.Contains("If-Match", response.ProblemFields);
    }

    [Fact]
    public async Task Closing_a_fund_keeps_it_readable_and_audits_the_change()
    {
        await using var app = await TestApp.StartAsync(shared);
        var id = TestData.NewFundId();
        var created = await CreateFund(app, TestData.Fund(id));

        var closed = await app.CallAsync<FundAdminFunctions>(
            "POST", $"/api/manage/funds/{id}/close", (f, r) => f.CloseFund(r, id, CancellationToken.None),
            token: Admin, headers: new Dictionary<string, string> { ["If-Match"] = created.Header("ETag")! });

        Assert.Equal(200, closed.Status);
        Assert.Equal("closed", closed.Json.GetProperty("status").GetString());
        var audit = await app.Get<MintFonds.Functions.Audit.AuditLog>().ListAsync(id, 10, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "fund.close" && e.FromState == "Active" && e.ToState == "Closed");
        Assert.Contains(audit, e => e.Action == "fund.create");
    }

    [Theory]
    [InlineData("text/plain", "hallo", 415)]
    [InlineData("application/xml", "<fund/>", 415)]
    [InlineData("application/json; charset=iso-8859-1", "{}", 415)]
    [InlineData("application/json", "{\"id\": ", 400)]
    [InlineData("application/json", "[]", 400)]
    [InlineData("application/json", "null", 400)]
    [InlineData("application/json", "", 400)]
    [InlineData("application/json", "{\"id\": 42}", 400)]
    [InlineData("application/json", "{\"unbekannt\": true}", 400)]
    [InlineData("application/json", "{\"rules\": {\"maxAmountPerApplication\": 12.345}}", 400)]
    [InlineData("application/json", "{\"rules\": {\"eligibleStages\": [\"gymnasium\"]}}", 400)]
    public async Task Bodies_that_are_not_a_fund_get_a_problem_naming_what_is_wrong(string contentType, string body, int status)
    {
        await using var app = await TestApp.StartAsync(shared);

        var response = await app.CallAsync<FundAdminFunctions>(
            "POST", "/api/manage/funds", (f, r) => f.CreateFund(r, CancellationToken.None), rawBody: body, contentType: contentType, token: Admin);

        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.NotEmpty(response.ProblemFields);
    }

    [Fact]
    public async Task A_wrong_amount_names_the_field_in_German()
    {
        await using var app = await TestApp.StartAsync(shared);
        var response = await app.CallAsync<FundAdminFunctions>(
            "POST", "/api/manage/funds", (f, r) => f.CreateFund(r, CancellationToken.None),
            rawBody: "{\"rules\": {\"maxAmountPerApplication\": 12.345}}", token: Admin);

        Assert.Equal(["rules.maxAmountPerApplication"], response.ProblemFields);
        Assert.Contains("zwei Nachkommastellen", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_without_being_parsed()
    {
        await using var app = await TestApp.StartAsync(shared);
        var huge = "{\"name\": \"" + new string('x', 300 * 1024) + "\"}";

        var response = await app.CallAsync<FundAdminFunctions>(
            "POST", "/api/manage/funds", (f, r) => f.CreateFund(r, CancellationToken.None), rawBody: huge, token: Admin);

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task An_unknown_or_malformed_fund_id_is_404()
    {
        await using var app = await TestApp.StartAsync(shared);
        Assert.Equal(404, (await GetFund(app, TestData.NewFundId(), Admin)).Status);
        Assert.Equal(404, (await GetFund(app, "Bad'Id%", Admin)).Status);
    }

    internal static Task<TestResponse> CreateFund(TestApp app, object fund, string? token = null) =>
        app.CallAsync<FundAdminFunctions>(
            "POST", "/api/manage/funds", (f, r) => f.CreateFund(r, CancellationToken.None), fund, token ?? app.PlatformAdminToken);

    private static Task<TestResponse> GetFund(TestApp app, string id, string token) =>
        app.CallAsync<FundAdminFunctions>("GET", $"/api/manage/funds/{WebUtility.UrlEncode(id)}", (f, r) => f.GetFund(r, id, CancellationToken.None), token: token);

    private Task<TestResponse> UpdateFund(TestApp app, string id, object fund, string etag) =>
        app.CallAsync<FundAdminFunctions>(
            "PUT", $"/api/manage/funds/{id}", (f, r) => f.UpdateFund(r, id, CancellationToken.None), fund, Admin,
            headers: new Dictionary<string, string> { ["If-Match"] = etag });
}
