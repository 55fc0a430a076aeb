using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Contracts;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// Each fund's own logo: uploaded by its office (PNG or JPEG, judged by the content, not the Content-Type), stored
/// under its hash, recorded in the fund and audited; served anonymously with its own type, a strong ETag, caching and
/// nosniff; pointed at by the forms' <c>fund.branding.logoUrl</c>; refused with a clear answer that writes nothing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FundLogoTests(SharedFixture shared)
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    [Fact]
    public async Task An_uploaded_logo_is_served_cached_and_shown_to_the_forms_and_a_repeat_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase);
        var fundId = await CallTests.NewFund(app);
        var png = LogoKit.Png();
        var sha = Convert.ToHexStringLower(SHA256.HashData(png));

        var upload = await LogoKit.UploadAsync(app, fundId, png);
        Assert.True(upload.Status == 200, upload.ToString());
        var version = sha[..16];
        var logoUrl = $"https://func-mintfonds.example/api/funds/{fundId}/logo?v={version}";
        Assert.Equal(sha, upload.Json.GetProperty("sha256").GetString());
        Assert.Equal("image/png", upload.Json.GetProperty("contentType").GetString());
        Assert.Equal(240, upload.Json.GetProperty("width").GetInt32());
        Assert.Equal(60, upload.Json.GetProperty("height").GetInt32());
        Assert.Equal(logoUrl, upload.Json.GetProperty("logoUrl").GetString());

        // Anonymous read: the bytes with their own type, a strong ETag, nosniff; the versioned address is immutable.
        var read = await LogoKit.GetAsync(app, fundId, "?v=" + version);
        Assert.Equal(200, read.Status);
        Assert.Equal(png, read.Bytes);
        Assert.Equal("image/png", read.ContentType);
        Assert.Equal("nosniff", read.Header("X-Content-Type-Options"));
        Assert.Equal("public, max-age=31536000, immutable", read.Header("Cache-Control"));
        Assert.Equal("cross-origin", read.Header("Cross-Origin-Resource-Policy"));
        var etag = read.Header("ETag")!;
        Assert.Equal("\"" + sha[..32] + "\"", etag);
        Assert.Equal("public, max-age=300", (await LogoKit.GetAsync(app, fundId)).Header("Cache-Control"));
        var unchanged = await LogoKit.GetAsync(app, fundId, headers: new Dictionary<string, string> { ["If-None-Match"] = etag });
        Assert.Equal(304, unchanged.Status);
        Assert.Empty(unchanged.Bytes);

        // The forms read it as the fund's logo, and the fund records it.
        var calls = await Call(app, "ListOpenCalls", fundId);
        Assert.Equal(logoUrl, JsonNode.Parse(calls.Body)!["fund"]!["branding"]!["logoUrl"]!.GetValue<string>());
        var fund = JsonNode.Parse((await Call(app, "GetFund", fundId, app.PlatformAdminToken)).Body)!;
        Assert.Equal(sha, fund["logo"]!["sha256"]!.GetValue<string>());

        // The same image again (a retry whose answer was lost): same logo, one blob, one audit entry.
        Assert.Equal(200, (await LogoKit.UploadAsync(app, fundId, png)).Status);
        Assert.Equal([$"{fundId}/logo/{sha}.png"], await BlobsAsync(app, fundId));
        Assert.Single(await AuditAsync(app, fundId), e => e.Action == "fund.logo.set" && e.To == sha);
    }

    [Fact]
    public async Task A_new_logo_replaces_the_old_one_and_removing_it_falls_back_to_the_contact_logo()
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase);
        var fund = TestData.Fund(TestData.NewFundId());
        ((Dictionary<string, object?>)fund["contact"]!)["logoUrl"] = "https://region.example/logo.png";
        var fundId = await CallTests.NewFund(app, fund);
        var first = LogoKit.Png();
        var firstSha = Convert.ToHexStringLower(SHA256.HashData(first));
        Assert.Equal(200, (await LogoKit.UploadAsync(app, fundId, first)).Status);

        var jpeg = LogoKit.Jpeg();
        var jpegSha = Convert.ToHexStringLower(SHA256.HashData(jpeg));
        var replaced = await LogoKit.UploadAsync(app, fundId, jpeg, "image/jpeg");
        Assert.True(replaced.Status == 200, replaced.ToString());
        var read = await LogoKit.GetAsync(app, fundId);
        Assert.Equal("image/jpeg", read.ContentType);
        Assert.Equal(jpeg, read.Bytes);
        Assert.Equal([$"{fundId}/logo/{jpegSha}.jpg"], await BlobsAsync(app, fundId));

        Assert.Equal(204, (await LogoKit.RemoveAsync(app, fundId)).Status);
        Assert.Equal(204, (await LogoKit.RemoveAsync(app, fundId)).Status);
        Assert.Equal(404, (await LogoKit.GetAsync(app, fundId)).Status);
        Assert.Empty(await BlobsAsync(app, fundId));
        var branding = JsonNode.Parse((await Call(app, "ListOpenCalls", fundId)).Body)!["fund"]!["branding"]!;
        Assert.Equal("https://region.example/logo.png", branding["logoUrl"]!.GetValue<string>());

        var audit = await AuditAsync(app, fundId);
        Assert.Contains(audit, e => e.Action == "fund.logo.set" && e.From is null && e.To == firstSha);
        Assert.Contains(audit, e => e.Action == "fund.logo.set" && e.From == firstSha && e.To == jpegSha);
        Assert.Single(audit, e => e.Action == "fund.logo.remove" && e.From == jpegSha);
    }

    [Fact]
    public async Task An_image_left_by_a_crash_between_upload_and_record_goes_with_the_next_change_unless_it_may_still_be_in_flight()
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase);
        var fundId = await CallTests.NewFund(app);
        Assert.Equal(200, (await LogoKit.UploadAsync(app, fundId, LogoKit.Png())).Status);

        // What an upload that crashed before recording leaves: its image, named by no fund.
        var container = app.Storage.Container(Functions.Storage.BlobContainerNames.Branding);
        var orphan = $"{fundId}/logo/{new string('0', 64)}.png";
        await container.GetBlobClient(orphan).UploadAsync(new BinaryData(LogoKit.Png(width: 100)));

        // A change right after spares it (it may be an upload about to record) ...
        var second = LogoKit.Png(width: 300);
        Assert.Equal(200, (await LogoKit.UploadAsync(app, fundId, second)).Status);
        Assert.Contains(orphan, await BlobsAsync(app, fundId));

        // ... a change once no upload can still be in flight removes it: only the named image is left.
        app.Time.SetUtcNow(app.Time.GetUtcNow() + Functions.Regions.FundLogoService.InFlight + TimeSpan.FromMinutes(1));
        var third = LogoKit.Jpeg();
        Assert.Equal(200, (await LogoKit.UploadAsync(app, fundId, third, "image/jpeg")).Status);
        Assert.Equal([$"{fundId}/logo/{Convert.ToHexStringLower(SHA256.HashData(third))}.jpg"], await BlobsAsync(app, fundId));
    }

    public static TheoryData<string, string, int, string> Refusals() => new()
    {
        { "text", "text/plain", 415, "Content-Type" },
        { "png", "image/gif", 415, "Content-Type" },
        { "jpeg", "image/png", 415, "body" },
        { "png", "image/jpeg", 415, "body" },
        { "html", "image/png", 415, "body" },
        { "tiny", "image/png", 422, "body" },
        { "huge-edge", "image/png", 422, "body" },
        { "truncated", "image/png", 422, "body" },
        { "too-large", "image/png", 413, "body" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_body_that_is_not_the_image_it_claims_or_out_of_bounds_is_refused_naming_it_and_nothing_is_written(
        string body, string contentType, int status, string field)
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase);
        var fundId = await CallTests.NewFund(app);
        var content = body switch
        {
            "text" => "ein Logo"u8.ToArray(),
            "png" => LogoKit.Png(),
            "jpeg" => LogoKit.Jpeg(),
            "html" => "<svg onload=alert(1)></svg>"u8.ToArray(),
            "tiny" => LogoKit.Png(8, 8),
            "huge-edge" => LogoKit.Png(5000, 16),
            "truncated" => LogoKit.Png()[..20],
            _ => [.. LogoKit.Png(), .. new byte[513 * 1024]],
        };

        var response = await LogoKit.UploadAsync(app, fundId, content, contentType);

        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal([field], response.ProblemFields);
        Assert.Empty(await BlobsAsync(app, fundId));
        Assert.Null(JsonNode.Parse((await Call(app, "GetFund", fundId, app.PlatformAdminToken)).Body)!["logo"]);
        Assert.DoesNotContain(await AuditAsync(app, fundId), e => e.Action.StartsWith("fund.logo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fund_without_a_logo_answers_404_and_only_the_office_uploads()
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase);
        var fundId = await CallTests.NewFund(app);

        Assert.Equal(404, (await LogoKit.GetAsync(app, fundId)).Status);
        Assert.Equal(404, (await LogoKit.GetAsync(app, "no-such-fund")).Status);
        Assert.Equal(401, (await OperationDriver.InvokeAsync(
            app, LogoKit.Operation("UploadFundLogo"), new Dictionary<string, string> { ["fundId"] = fundId }, contentType: "image/png", bytes: LogoKit.Png())).Status);
        Assert.Equal(403, (await LogoKit.UploadAsync(app, fundId, LogoKit.Png(), token: app.TokenFor(Guid.NewGuid().ToString()))).Status);
        Assert.Empty(await BlobsAsync(app, fundId));
    }

    [Fact]
    public async Task A_settings_change_keeps_the_logo_and_a_copy_of_the_fund_does_not_take_it()
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase);
        var operation = Document.Operations().Single(o => o.Id == "CreateFund");
        var body = (JsonObject)operation.Examples(operation.RequestContent["application/json"]).First().Value!.DeepClone();
        var template = "lg-" + Guid.NewGuid().ToString("N")[..10];
        body["id"] = template;
        Assert.Equal(201, (await OperationDriver.InvokeAsync(app, operation, new Dictionary<string, string>(), body: body.ToJsonString(), token: app.PlatformAdminToken)).Status);
        Assert.Equal(200, (await LogoKit.UploadAsync(app, template, LogoKit.Png())).Status);

        var read = await Call(app, "GetFund", template, app.PlatformAdminToken);
        var change = (JsonObject)body.DeepClone();
        change["name"] = "MINT-Regionalfonds Bingen (neu)";
        var updated = await OperationDriver.InvokeAsync(
            app, Document.Operations().Single(o => o.Id == "UpdateFund"), new Dictionary<string, string> { ["fundId"] = template },
            body: change.ToJsonString(), token: app.PlatformAdminToken, headers: new Dictionary<string, string> { ["If-Match"] = read.Header("ETag")! });
        Assert.True(updated.Status == 200, updated.ToString());
        Assert.NotNull(JsonNode.Parse(updated.Body)!["logo"]);
        Assert.Equal(200, (await LogoKit.GetAsync(app, template)).Status);

        var copyOperation = Document.Operations().Single(o => o.Id == "CopyFund");
        var copy = (JsonObject)copyOperation.Examples(copyOperation.RequestContent["application/json"]).First().Value!.DeepClone();
        var region = "rh-" + Guid.NewGuid().ToString("N")[..10];
        copy["id"] = region;
        var created = await OperationDriver.InvokeAsync(app, copyOperation, new Dictionary<string, string> { ["fundId"] = template }, body: copy.ToJsonString(), token: app.PlatformAdminToken);
        Assert.True(created.Status == 201, created.ToString());
        Assert.Null(JsonNode.Parse(created.Body)!["logo"]);
        Assert.Equal(404, (await LogoKit.GetAsync(app, region)).Status);
    }

    internal static async Task<List<string>> BlobsAsync(TestApp app, string fundId)
    {
        var names = new List<string>();
        await foreach (var blob in app.Storage.Container(BlobContainerNames.Branding).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, fundId + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    internal static async Task<List<(string Action, string? From, string? To)>> AuditAsync(TestApp app, string fundId)
    {
        var entries = JsonNode.Parse((await Call(app, "ListAudit", fundId, app.PlatformAdminToken)).Body)!["entries"]!.AsArray();
        return [.. entries.Select(e => (e!["action"]!.GetValue<string>(), e["fromState"]?.GetValue<string>(), e["toState"]?.GetValue<string>()))];
    }

    private static Task<TestResponse> Call(TestApp app, string operationId, string fundId, string? token = null) =>
        OperationDriver.InvokeAsync(app, Document.Operations().Single(o => o.Id == operationId), new Dictionary<string, string> { ["fundId"] = fundId }, token: token);
}
