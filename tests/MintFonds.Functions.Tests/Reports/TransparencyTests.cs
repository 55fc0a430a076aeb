using System.Globalization;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Transparency;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Reports;

/// <summary>
/// The public transparency answer of a history with both consented and non-consented sponsors and projects: figures to
/// the cent from the aggregate rows, only consented names, no personal data; cacheable (ETag, Cache-Control, 304); the
/// HTML page under a strict CSP without scripts.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TransparencyTests(SharedFixture shared)
{
    [Fact]
    public async Task The_transparency_answer_shows_figures_and_consented_names_only_and_no_personal_data()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);
        await app.Get<FigureFold>().FoldFundAsync(history.FundId, CancellationToken.None); // what the FoldFigures timer does

        var response = await GetAsync(app, history.FundId);
        Assert.True(response.Status == 200, response.ToString());
        var json = response.Json;
        var allTime = json.GetProperty("allTime");
        Assert.Equal(1000.00m, allTime.GetProperty("raised").GetDecimal());
        Assert.Equal(600.00m, allTime.GetProperty("granted").GetDecimal());
        Assert.Equal(2, allTime.GetProperty("applications").GetInt32());
        Assert.Equal(2, allTime.GetProperty("approvals").GetInt32());
        Assert.Equal(1, allTime.GetProperty("institutionsReached").GetInt32()); // the same school twice
        var primary = allTime.GetProperty("byEducationStage").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "Primarstufe");
        Assert.Equal(600.00m, primary.GetProperty("granted").GetDecimal());
        Assert.Equal(600.00m, allTime.GetProperty("byDistrict").EnumerateArray().Single().GetProperty("granted").GetDecimal());

        Assert.Equal([NamedSponsor], json.GetProperty("sponsors").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([PublishedTitle], json.GetProperty("publishedProjects").EnumerateArray().Select(p => p.GetProperty("title").GetString()));

        foreach (var secret in new[] { UnnamedSponsor, UnpublishedTitle, ContactName, "@", "DE02", "Förderverein", "Dr. Anna", "Am Hafen" })
        {
            Assert.DoesNotContain(secret, response.Body, StringComparison.Ordinal);
        }

        // Cacheable: the same figures give the same ETag, and If-None-Match gives 304 without a body.
        var etag = response.Header("ETag")!;
        Assert.Equal("public, max-age=300", response.Header("Cache-Control"));
        var again = await GetAsync(app, history.FundId, etag);
        Assert.Equal(304, again.Status);
        Assert.Equal(string.Empty, again.Body);

        // The printable page: same content, no scripts, a CSP that allows only its own style block.
        var page = await app.CallAsync<TransparencyFunctions>(
            "GET", $"/api/funds/{history.FundId}/transparency.html", (f, r) => f.GetTransparencyPage(r, history.FundId, CancellationToken.None), contentType: null);
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains(NamedSponsor, page.Body, StringComparison.Ordinal);
        Assert.Contains(WebEncode(PublishedTitle), page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(UnnamedSponsor, page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
        var csp = page.Header("Content-Security-Policy")!;
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);

        // In the fund's colour (the JSON names it for the forms), and the CSP's hash is that of the style block sent.
        var colour = response.Json.GetProperty("branding").GetProperty("primaryColor").GetString()!;
        var style = System.Text.RegularExpressions.Regex.Match(page.Body, "<style>(.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("h1{color:" + colour, style, StringComparison.Ordinal);
        Assert.Contains($"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(style)))}'", csp, StringComparison.Ordinal);
        Assert.NotNull(page.Header("ETag"));

        // A withdrawal of the project's publication consent takes effect at once; the figures still count it.
        var withdrawn = await Privacy.PrivacyTestKit.WithdrawConsentAsync(app, history.FundId, new { email = "j.weissmueller@gs-am-rhein.example", consent = "publishProject" });
        Assert.True(withdrawn.Status == 200, withdrawn.ToString());
        var after = await GetAsync(app, history.FundId, etag);
        Assert.Equal(200, after.Status);
        Assert.Empty(after.Json.GetProperty("publishedProjects").EnumerateArray());
        Assert.Equal(2, after.Json.GetProperty("allTime").GetProperty("approvals").GetInt32());
    }

    [Fact]
    public async Task The_printable_page_shows_the_funds_logo_and_its_csp_allows_images_from_the_logos_origin_only()
    {
        await using var app = await TestApp.StartAsync(shared, Regions.LogoKit.UseFormsBase);
        var fundId = await Funds.CallTests.NewFund(app);
        Assert.Equal(200, (await Regions.LogoKit.UploadAsync(app, fundId, Regions.LogoKit.Png())).Status);

        var page = await app.CallAsync<TransparencyFunctions>(
            "GET", $"/api/funds/{fundId}/transparency.html", (f, r) => f.GetTransparencyPage(r, fundId, CancellationToken.None), contentType: null);
        var logoUrl = (await GetAsync(app, fundId)).Json.GetProperty("branding").GetProperty("logoUrl").GetString()!;
        Assert.StartsWith("https://func-mintfonds.example/api/funds/" + fundId + "/logo?v=", logoUrl, StringComparison.Ordinal);
        Assert.Contains($"<img class=\"logo\" src=\"{WebEncode(logoUrl)}\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("img-src https://func-mintfonds.example; ", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_fund_has_no_transparency_page()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        Assert.Equal(404, (await GetAsync(app, "gibt-es-nicht")).Status);
        Assert.Equal(404, (await GetAsync(app, "../etc")).Status);
    }

    private static Task<TestResponse> GetAsync(TestApp app, string fundId, string? ifNoneMatch = null) =>
        app.CallAsync<TransparencyFunctions>(
            "GET", $"/api/funds/{fundId}/transparency", (f, r) => f.GetTransparency(r, fundId, CancellationToken.None), contentType: null,
            headers: ifNoneMatch is null ? null : new Dictionary<string, string> { ["If-None-Match"] = ifNoneMatch });

    private static string WebEncode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
