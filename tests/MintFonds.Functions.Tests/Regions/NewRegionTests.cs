using System.Text.Json.Nodes;
using MintFonds.Functions.Tests.Contracts;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// A new region in a day: the platform administrator makes the region's fund from an existing one
/// (<c>POST /manage/funds/{template}/copy</c>), appoints its office, which opens its first call; and the two funds
/// never see each other's data.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class NewRegionTests(SharedFixture shared)
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    [Fact]
    public async Task A_fund_copied_from_a_template_takes_its_rules_and_criteria_but_none_of_its_people_calls_or_colours()
    {
        await using var app = await TestApp.StartAsync(shared);
        var template = await CreateTemplateAsync(app);
        var officeOfTemplate = Guid.NewGuid().ToString();
        await AssignAsync(app, template, officeOfTemplate, "office");
        var (copy, regionId) = CopyBody();

        var created = await Call(app, "CopyFund", new() { ["fundId"] = template }, copy.ToJsonString(), app.PlatformAdminToken);
        Assert.True(created.Status == 201, created.ToString());
        var fund = JsonNode.Parse(created.Body)!;
        var original = JsonNode.Parse((await Call(app, "GetFund", new() { ["fundId"] = template }, token: app.PlatformAdminToken)).Body)!;

        Assert.Equal(regionId, fund["id"]!.GetValue<string>());
        Assert.Equal("MRH", fund["referencePrefix"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(original["rules"], fund["rules"]));
        Assert.True(JsonNode.DeepEquals(original["decisions"], fund["decisions"]));
        Assert.Equal(original["privacyNoticeVersion"]!.GetValue<string>(), fund["privacyNoticeVersion"]!.GetValue<string>());
        Assert.Equal(original["sponsoring"]!["serviceDescription"]!.GetValue<string>(), fund["sponsoring"]!["serviceDescription"]!.GetValue<string>());
        Assert.Null(fund["sponsoring"]!["vatId"]);
        Assert.Null(fund["branding"]);
        Assert.Equal("Hochschule Worms", fund["operator"]!["legalName"]!.GetValue<string>());
        Assert.Equal("DE02120300000000202051", fund["bankAccount"]!["iban"]!.GetValue<string>());

        // Nothing of the template's people or calls.
        var roles = JsonNode.Parse((await Call(app, "ListRoles", new() { ["fundId"] = regionId }, token: app.PlatformAdminToken)).Body)!;
        Assert.Empty(roles["roles"]!.AsArray());
        var calls = JsonNode.Parse((await Call(app, "ListCalls", new() { ["fundId"] = regionId }, token: app.PlatformAdminToken)).Body)!;
        Assert.Empty(calls["calls"]!.AsArray());

        // Idempotent; audited in the new fund's trail with the template named.
        var again = await Call(app, "CopyFund", new() { ["fundId"] = template }, copy.ToJsonString(), app.PlatformAdminToken);
        Assert.Equal(200, again.Status);
        Assert.Equal(created.Header("ETag"), again.Header("ETag"));
        var audit = JsonNode.Parse((await Call(app, "ListAudit", new() { ["fundId"] = regionId }, token: app.PlatformAdminToken)).Body)!["entries"]!.AsArray();
        Assert.Single(audit, e => e!["action"]!.GetValue<string>() == "fund.copy" && e["fromState"]!.GetValue<string>() == template);
        Assert.Single(audit, e => e!["action"]!.GetValue<string>() == "fund.create");

        // Only a platform administrator copies; an unknown template is 404.
        Assert.Equal(403, (await Call(app, "CopyFund", new() { ["fundId"] = template }, CopyBody().Body.ToJsonString(), app.TokenFor(officeOfTemplate))).Status);
        Assert.Equal(404, (await Call(app, "CopyFund", new() { ["fundId"] = "no-such-fund" }, CopyBody().Body.ToJsonString(), app.PlatformAdminToken)).Status);
    }

    [Fact]
    public async Task The_second_funds_office_can_use_its_own_fund_and_is_refused_on_every_route_of_the_first()
    {
        await using var app = await TestApp.StartAsync(shared);
        var first = await CreateTemplateAsync(app);
        var (copy, second) = CopyBody();
        Assert.Equal(201, (await Call(app, "CopyFund", new() { ["fundId"] = first }, copy.ToJsonString(), app.PlatformAdminToken)).Status);
        var officeOfSecond = Guid.NewGuid().ToString();
        await AssignAsync(app, second, officeOfSecond, "office");
        var token = app.TokenFor(officeOfSecond);

        // The office of the new fund opens its first call and reads its own fund.
        var call = await Call(app, "CreateCall", new() { ["fundId"] = second }, FirstCall().ToJsonString(), token);
        Assert.True(call.Status == 201, call.ToString());
        var refused = new List<string>();
        var admitted = new List<string>();
        foreach (var operation in Document.Operations().Where(o => o.Path.StartsWith("/manage/funds/{fundId}", StringComparison.Ordinal)))
        {
            var values = operation.Parameters().Where(p => p["in"]!.GetValue<string>() == "path")
                .ToDictionary(p => p["name"]!.GetValue<string>(), p => p["example"]?.ToString() ?? "x-1", StringComparer.Ordinal);
            values["fundId"] = first;
            var response = await OperationDriver.InvokeAsync(app, operation, values, body: "{}", token: token, headers: new Dictionary<string, string> { ["If-Match"] = "*" });
            (response.Status == 403 ? refused : admitted).Add($"{operation.Id}: {response.Status}");
        }

        Assert.Empty(admitted);
        Assert.True(refused.Count > 40, string.Join(", ", refused));
        foreach (var own in new[] { "GetFund", "ListCalls", "ListApplications", "ListPayments", "ListReceipts", "ListAudit", "GetFundBalance", "ListRoles" })
        {
            var response = await Call(app, own, new() { ["fundId"] = second }, token: token);
            Assert.True(response.Status == 200, $"{own}: {response}");
        }

        // Anonymous routes do not cross either: the second fund's call is not one of the first fund's.
        var publicFirst = JsonNode.Parse((await Call(app, "ListOpenCalls", new() { ["fundId"] = first })).Body)!;
        Assert.DoesNotContain(publicFirst["calls"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "erste-runde");
        var publicSecond = JsonNode.Parse((await Call(app, "ListOpenCalls", new() { ["fundId"] = second })).Body)!;
        Assert.Equal(second, publicSecond["fund"]!["id"]!.GetValue<string>());
        Assert.Contains(publicSecond["calls"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "erste-runde");
    }

    private static Task<TestResponse> Call(TestApp app, string operationId, Dictionary<string, string> routeValues, string? body = null, string? token = null) =>
        OperationDriver.InvokeAsync(app, Document.Operations().Single(o => o.Id == operationId), routeValues, body: body, token: token);

    private static async Task AssignAsync(TestApp app, string fundId, string principalId, string role)
    {
        var response = await Call(app, "AssignRole", new() { ["fundId"] = fundId, ["principalId"] = principalId }, $$"""{"role":"{{role}}"}""", app.PlatformAdminToken);
        Assert.True(response.Status == 200, response.ToString());
    }

    /// <summary>The TH Bingen fund of the document's example, with own criteria and colours, under a fresh id.</summary>
    private static async Task<string> CreateTemplateAsync(TestApp app)
    {
        var operation = Document.Operations().Single(o => o.Id == "CreateFund");
        var body = (JsonObject)operation.Examples(operation.RequestContent["application/json"]).First().Value!.DeepClone();
        var fundId = "tpl-" + Guid.NewGuid().ToString("N")[..10];
        body["id"] = fundId;
        body["decisions"] = new JsonObject { ["criteria"] = new JsonArray("Bezug zur MINT-Bildung", "Regionale Wirkung"), ["boardApprovalsRequired"] = 2 };
        body["branding"] = new JsonObject { ["primaryColor"] = "#1A5276", ["accentColor"] = "#7B241C" };
        var response = await OperationDriver.InvokeAsync(app, operation, new Dictionary<string, string>(), body: body.ToJsonString(), token: app.PlatformAdminToken);
        Assert.True(response.Status == 201, response.ToString());
        return fundId;
    }

    /// <summary>The document's own example of a new region's fund, under a fresh id.</summary>
    private static (JsonObject Body, string FundId) CopyBody()
    {
        var operation = Document.Operations().Single(o => o.Id == "CopyFund");
        var body = (JsonObject)operation.Examples(operation.RequestContent["application/json"]).First().Value!.DeepClone();
        var fundId = "rh-" + Guid.NewGuid().ToString("N")[..10];
        body["id"] = fundId;
        return (body, fundId);
    }

    private static JsonObject FirstCall() => new()
    {
        ["id"] = "erste-runde",
        ["title"] = "Erste Förderrunde Rheinhessen",
        ["opensOn"] = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["budget"] = 5000,
    };
}
