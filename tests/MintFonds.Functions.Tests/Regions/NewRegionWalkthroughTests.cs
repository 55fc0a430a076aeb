using System.Text.Json.Nodes;
using MintFonds.Functions.Tests.Contracts;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// The README walkthrough "Start a fund for a new region", as a region's office would follow it: the requests of
/// <c>docs/new-region.http</c> themselves, parsed from the file and sent in its order through the documented operations
/// (so the walkthrough cannot rot: a changed route, body or step breaks this test), for a second fund made from a first
/// one; then the two funds are shown to keep apart.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class NewRegionWalkthroughTests(SharedFixture shared)
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    /// <summary>After the file's notification date (4 January 2027) and before its first call opens (1 February 2027).</summary>
    private static readonly DateTimeOffset Now = new(2027, 1, 11, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_walkthrough_file_sent_request_by_request_makes_a_working_second_fund_that_shares_nothing_with_the_first()
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase, now: Now);
        var file = HttpRequestFile.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("docs", "new-region.http")));
        var template = await TemplateAsync(app);
        var templateLogo = LogoKit.Png(red: 0x33);
        Assert.Equal(200, (await LogoKit.UploadAsync(app, template, templateLogo)).Status);
        var region = "rh-" + Guid.NewGuid().ToString("N")[..10];
        var officeMember = file.Variables["officeMember"];
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["template"] = template,
            ["fund"] = region,
            ["adminToken"] = app.PlatformAdminToken,
            ["officeToken"] = app.TokenFor(officeMember),
        };
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["./signature.png"] = LogoKit.Png(300, 80, 0, 0, 0),
            ["./logo.png"] = LogoKit.Png(600, 150),
        };

        // Every request of the file, in order: each answered with success.
        var sent = new List<string>();
        var answers = new Dictionary<string, TestResponse>(StringComparer.Ordinal);
        foreach (var request in file.Requests)
        {
            var (operation, routeValues, query) = Resolve(request.Method, file.Fill(request.Target, values));
            var headers = request.Headers.ToDictionary(h => h.Key, h => file.Fill(h.Value, values), StringComparer.OrdinalIgnoreCase);
            var token = headers.Remove("Authorization", out var authorization) ? authorization["Bearer ".Length..] : null;
            var contentType = headers.Remove("Content-Type", out var type) ? type : "application/json";
            var response = await OperationDriver.InvokeAsync(
                app, operation, routeValues, query, request.Body is null ? null : file.Fill(request.Body, values), token, headers, contentType,
                request.BodyFile is null ? null : files[request.BodyFile]);
            Assert.True(response.Status is >= 200 and < 300, $"{operation.Id} ({request.Method} {request.Target}): {response}");
            sent.Add(operation.Id);
            answers[operation.Id] = response;
        }

        Assert.Equal(
            ["CopyFund", "GetFund", "AssignRole", "AssignRole", "UploadReceiptSignature", "UploadFundLogo", "CreateCall", "ListOpenCalls", "GetFormChallenge", "GetFundLogo"],
            sent);
        Assert.Equal(201, answers["CopyFund"].Status);
        Assert.Equal(files["./logo.png"], answers["GetFundLogo"].Bytes);

        // The region's forms, once its first call is open: its call, its colours, its own logo.
        app.Time.SetUtcNow(new DateTimeOffset(2027, 2, 2, 9, 0, 0, TimeSpan.Zero));
        var open = JsonNode.Parse((await Call(app, "ListOpenCalls", region)).Body)!;
        Assert.Equal(["erste-runde-2027"], open["calls"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal("#1A5276", open["fund"]!["branding"]!["primaryColor"]!.GetValue<string>());
        var logoUrl = open["fund"]!["branding"]!["logoUrl"]!.GetValue<string>();
        Assert.Equal(answers["UploadFundLogo"].Json.GetProperty("logoUrl").GetString(), logoUrl);
        Assert.StartsWith($"https://func-mintfonds.example/api/funds/{region}/logo?v=", logoUrl, StringComparison.Ordinal);

        // Apart: the region's office holds nothing in the first fund; neither fund shows the other's call or logo.
        var officeToken = app.TokenFor(officeMember); // valid at the new time
        Assert.Equal(403, (await Call(app, "GetFund", template, officeToken)).Status);
        Assert.Equal(403, (await Call(app, "ListApplications", template, officeToken)).Status);
        Assert.Equal(403, (await LogoKit.UploadAsync(app, template, files["./logo.png"], token: officeToken)).Status);
        Assert.Equal(200, (await Call(app, "ListApplications", region, officeToken)).Status);
        var openOfTemplate = JsonNode.Parse((await Call(app, "ListOpenCalls", template)).Body)!;
        Assert.DoesNotContain(openOfTemplate["calls"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "erste-runde-2027");
        Assert.Equal(templateLogo, (await LogoKit.GetAsync(app, template)).Bytes);
        Assert.Equal(files["./logo.png"], (await LogoKit.GetAsync(app, region)).Bytes);
        var roles = JsonNode.Parse((await Call(app, "ListRoles", template, app.PlatformAdminToken)).Body)!["roles"]!.AsArray();
        Assert.DoesNotContain(roles, r => r!["principalId"]!.GetValue<string>() == officeMember);
        var auditOfRegion = await FundLogoTests.AuditAsync(app, region);
        Assert.Contains(auditOfRegion, e => e.Action == "fund.copy" && e.From == template);
        Assert.Contains(auditOfRegion, e => e.Action == "fund.logo.set");
        Assert.DoesNotContain(await FundLogoTests.AuditAsync(app, template), e => e.Action == "fund.copy");
    }

    /// <summary>The operation a request of the file is for, with its path values and query, by the document's paths.</summary>
    private static (Operation Operation, Dictionary<string, string> RouteValues, string Query) Resolve(string method, string target)
    {
        var url = target.Split('?', 2);
        var path = url[0][url[0].IndexOf('/', url[0].IndexOf("//", StringComparison.Ordinal) + 2)..];
        var apiPath = path.StartsWith("/api/", StringComparison.Ordinal) ? path[4..] : path;
        var segments = apiPath.Split('/');
        foreach (var operation in Document.Operations().Where(o => o.Method.Equals(method, StringComparison.OrdinalIgnoreCase)))
        {
            var pattern = operation.Path.Split('/');
            if (pattern.Length != segments.Length)
            {
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var matches = true;
            for (var i = 0; i < pattern.Length && matches; i++)
            {
                if (pattern[i].StartsWith('{'))
                {
                    values[pattern[i].Trim('{', '}')] = Uri.UnescapeDataString(segments[i]);
                }
                else
                {
                    matches = pattern[i] == segments[i];
                }
            }

            if (matches)
            {
                return (operation, values, url.Length > 1 ? "?" + url[1] : string.Empty);
            }
        }

        throw new Xunit.Sdk.XunitException($"docs/new-region.http sends {method} {target}, which is no documented operation.");
    }

    /// <summary>The first fund: the document's example fund under a fresh id, with its own colours and an office.</summary>
    private static async Task<string> TemplateAsync(TestApp app)
    {
        var operation = Document.Operations().Single(o => o.Id == "CreateFund");
        var body = (JsonObject)operation.Examples(operation.RequestContent["application/json"]).First().Value!.DeepClone();
        var fundId = "tpl-" + Guid.NewGuid().ToString("N")[..10];
        body["id"] = fundId;
        body["branding"] = new JsonObject { ["primaryColor"] = "#0E6251", ["accentColor"] = "#7B241C" };
        var response = await OperationDriver.InvokeAsync(app, operation, new Dictionary<string, string>(), body: body.ToJsonString(), token: app.PlatformAdminToken);
        Assert.True(response.Status == 201, response.ToString());
        return fundId;
    }

    private static Task<TestResponse> Call(TestApp app, string operationId, string fundId, string? token = null) =>
        OperationDriver.InvokeAsync(app, Document.Operations().Single(o => o.Id == operationId), new Dictionary<string, string> { ["fundId"] = fundId }, token: token);
}
