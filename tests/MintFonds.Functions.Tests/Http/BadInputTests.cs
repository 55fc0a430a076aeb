using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Http;

/// <summary>Whatever a client sends, the answer is a problem document with a 4xx status, never a 500.</summary>
[Collection(AppCollection.Name)]
public sealed class BadInputTests(SharedFixture shared)
{
    private static readonly int[] ClientErrors = [400, 404, 409, 412, 413, 415, 422, 428];

    private static readonly string[] Bodies =
    [
        "", " ", "{", "}", "[]", "[{}]", "null", "true", "0", "\"text\"", "{}", "{\"id\":null}", "{\"id\":[]}",
        "{\"budget\":\"viel\"}", "{\"budget\":-1}", "{\"budget\":1e400}", "{\"budget\":0.001}", "{\"budget\":1e28}", "{\"budget\":-1e28}", "{\"opensOn\":\"31.12.2026\"}",
        "{\"opensOn\":\"2026-02-30\"}", "{\"rules\":[]}", "{\"rules\":{\"eligibleStages\":\"kita\"}}", "{\"rules\":{\"eligibleStages\":[0]}}",
        "{\"role\":1}", "{\"role\":\"office\",\"label\":\"\\u0000\"}", "{\"name\":\"\\u202Egnp.exe\"}", "{\"a\":" + new string('[', 100) + new string(']', 100) + "}",
        "{\"id\":\"x\",\"id\":\"y\"}", "\uFEFF{}", "{\"name\":\"\\ud800\"}",
    ];

    public static TheoryData<int> BodyIndexes => [.. Enumerable.Range(0, Bodies.Length)];

    [Theory]
    [MemberData(nameof(BodyIndexes))]
    public async Task Junk_bodies_on_every_write_route_get_a_client_error(int index)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var callId = "runde";
        var call = await CallTests.CreateCall(app, fundId, TestData.Call(callId, new DateOnly(2026, 1, 1)));
        var etag = new Dictionary<string, string> { ["If-Match"] = call.Header("ETag")! };
        var body = Bodies[index];
        var person = TestData.NewPrincipalId();

        var responses = new[]
        {
            await Send<FundAdminFunctions>(app, body, (f, r) => f.CreateFund(r, CancellationToken.None)),
            await Send<FundAdminFunctions>(app, body, (f, r) => f.UpdateFund(r, fundId, CancellationToken.None), etag),
            await Send<CallAdminFunctions>(app, body, (f, r) => f.CreateCall(r, fundId, CancellationToken.None)),
            await Send<CallAdminFunctions>(app, body, (f, r) => f.UpdateCall(r, fundId, callId, CancellationToken.None), etag),
            await Send<RoleAdminFunctions>(app, body, (f, r) => f.AssignRole(r, fundId, person, CancellationToken.None)),
        };

        Assert.All(responses, response =>
        {
            Assert.Contains(response.Status, ClientErrors);
            Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
            Assert.NotEmpty(response.ProblemFields);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER")]
    [InlineData("a/b")]
    [InlineData("a'b")]
    [InlineData("ä-fonds")]
    [InlineData("x#y")]
    [InlineData("..")]
    [InlineData("0123456789012345678901234567890123456789-too-long")]
    public async Task Route_ids_that_cannot_exist_are_404_not_errors(string id)
    {
        await using var app = await TestApp.StartAsync(shared);
        var token = app.PlatformAdminToken;

        var responses = new[]
        {
            await app.CallAsync<FundAdminFunctions>("GET", "/api/manage/funds/x", (f, r) => f.GetFund(r, id, CancellationToken.None), token: token),
            await app.CallAsync<CallAdminFunctions>("GET", "/api/manage/funds/x/calls", (f, r) => f.ListCalls(r, id, CancellationToken.None), token: token),
            await app.CallAsync<CallAdminFunctions>("GET", "/api/manage/funds/x/calls/y", (f, r) => f.GetCall(r, "th-bingen", id, CancellationToken.None), token: token),
            await app.CallAsync<PublicCallFunctions>("GET", "/api/funds/x/calls", (f, r) => f.ListOpenCalls(r, id, CancellationToken.None)),
            await app.CallAsync<AuditFunctions>("GET", "/api/manage/funds/x/audit", (f, r) => f.ListAudit(r, id, CancellationToken.None), token: token),
        };

        Assert.All(responses, response => Assert.Equal(404, response.Status));
    }

    [Fact]
    public async Task German_text_with_umlauts_apostrophes_and_emoji_round_trips_exactly()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        const string title = "Naturwissenschaften für Kinder – „Forscher‘innen“ & Co. 🔬🧪 (Straße, Größe, Ärger)";
        var call = TestData.Call("umlaute", new DateOnly(2026, 1, 1));
        call["title"] = "Naturwissenschaften fu\u0308r Kinder – „Forscher‘innen“ & Co. 🔬🧪 (Straße, Größe, Ärger)";

        var created = await CallTests.CreateCall(app, fundId, call);

        Assert.Equal(201, created.Status);
        Assert.Equal(title, created.Json.GetProperty("title").GetString());
        var stored = await app.Get<CallService>().GetAsync(fundId, "umlaute", CancellationToken.None);
        Assert.Equal(title, stored.Value.Title);
    }

    [Theory]
    [InlineData("etwas")]
    [InlineData("\"unvollständig")]
    [InlineData("W/\"datetime'2026-01-01T00%3A00%3A00Z'")]
    public async Task A_malformed_If_Match_is_a_stale_version_not_an_error(string ifMatch)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);

        var response = await app.CallAsync<FundAdminFunctions>(
            "PUT", $"/api/manage/funds/{fundId}", (f, r) => f.UpdateFund(r, fundId, CancellationToken.None), TestData.Fund(fundId), app.PlatformAdminToken,
            headers: new Dictionary<string, string> { ["If-Match"] = ifMatch });

        Assert.Equal(412, response.Status);
    }

    private static Task<TestResponse> Send<T>(TestApp app, string body, Func<T, HttpRequest, Task<IActionResult>> invoke, IDictionary<string, string>? headers = null)
        where T : notnull =>
        app.CallAsync("POST", "/api/test", invoke, rawBody: body, token: app.PlatformAdminToken, headers: headers);
}
