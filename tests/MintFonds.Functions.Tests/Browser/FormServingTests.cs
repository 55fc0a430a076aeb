using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Forms;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Decisions;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Pledges;

namespace MintFonds.Functions.Tests.Browser;

/// <summary>
/// How the app serves the web forms (headers, caching, what can be reached) and what the forms rely on in the API: the
/// status link to the served status page, a GiroCode per instalment in the pledge answer, the editable application in
/// the status view while changes are requested. Without a browser: the browser tests are in <see cref="FormsInBrowserTests"/>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FormServingTests(SharedFixture shared)
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string WwwRoot = RepoPaths.Combine("functions", "MintFonds.Functions", "Forms", "wwwroot");

    [Fact]
    public async Task A_page_is_served_with_a_strict_policy_a_strong_ETag_and_revalidation()
    {
        await using var app = await TestApp.StartAsync(shared);

        var page = await GetAsync(app, "apply");

        Assert.Equal(200, page.Status);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.Equal(Policy, page.Header("Content-Security-Policy"));
        Assert.Equal("DENY", page.Header("X-Frame-Options"));
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", page.Header("Referrer-Policy"));
        Assert.Equal("no-cache", page.Header("Cache-Control"));
        Assert.Matches("^\"[0-9a-f]{32}\"$", page.Header("ETag"));
        Assert.StartsWith("<!doctype html>\n<html lang=\"de\"", page.Body, StringComparison.Ordinal);
        Assert.Equal(page.Body, (await GetAsync(app, "apply.html")).Body);

        var again = await GetAsync(app, "apply", new Dictionary<string, string> { ["If-None-Match"] = page.Header("ETag")! });
        Assert.Equal(304, again.Status);
        Assert.Empty(again.Bytes);

        var css = await GetAsync(app, "assets/forms.css");
        Assert.Equal("text/css; charset=utf-8", css.ContentType);
        Assert.Equal("text/javascript; charset=utf-8", (await GetAsync(app, "assets/apply.js")).ContentType);
        Assert.Equal("image/svg+xml", (await GetAsync(app, "assets/favicon.svg")).ContentType);
        Assert.Contains("Formulare", (await GetAsync(app, null)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nothing-here")]
    [InlineData("../host.json")]
    [InlineData("assets/../../host.json")]
    [InlineData("%2e%2e/host.json")]
    [InlineData("assets")]
    [InlineData("APPLY")]
    public async Task Only_the_forms_own_files_can_be_reached(string path)
    {
        await using var app = await TestApp.StartAsync(shared);

        var response = await GetAsync(app, path);

        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fund_websites_in_the_settings_may_frame_the_forms_and_nothing_else_widens_the_policy()
    {
        await using var app = await TestApp.StartAsync(shared, s =>
        {
            s["Forms:FrameAncestors"] = "https://www.th-bingen.de https://mint-region.example";
            s["Forms:ImageOrigins"] = "https://www.th-bingen.de";
        });

        var page = await GetAsync(app, "status");

        Assert.EndsWith("frame-ancestors https://www.th-bingen.de https://mint-region.example", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: https://www.th-bingen.de;", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Null(page.Header("X-Frame-Options"));

        foreach (var (name, value) in new[]
        {
            ("Forms:FrameAncestors", "*"), ("Forms:FrameAncestors", "https://www.th-bingen.de/mint"), ("Forms:FrameAncestors", "http://www.th-bingen.de"),
            ("Forms:ImageOrigins", "https://x.example 'unsafe-inline'"), ("Forms:PublicBaseUrl", "https://mint.example/forms/?x=1"),
        })
        {
            await using var refused = await TestApp.StartAsync(shared, s => s[name] = value);
            Assert.Throws<OptionsValidationException>(() => refused.Get<IOptions<FormSettings>>().Value);
        }
    }

    [Fact]
    public void The_files_are_plain_readable_modules_without_inline_script_or_style_and_every_reference_resolves()
    {
        var files = new FormFiles();
        var onDisk = Directory.EnumerateFiles(WwwRoot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(WwwRoot, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, files.Paths.Order(StringComparer.Ordinal));

        foreach (var path in files.Paths.Where(p => p.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = File.ReadAllText(Path.Combine(WwwRoot, path));
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
            Assert.DoesNotMatch(@"<style|\sstyle=|\son[a-z]+=", html);
            Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
            foreach (Match reference in Regex.Matches(html, @"(?:src|href)=""(assets/[^""]+)"""))
            {
                Assert.Contains(reference.Groups[1].Value, files.Paths);
            }
        }

        foreach (var path in files.Paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal)))
        {
            var script = File.ReadAllText(Path.Combine(WwwRoot, path));

            // Text goes into the page as text, never as HTML: nothing a person or the server wrote can become markup.
            Assert.DoesNotMatch(@"innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|eval\(|new Function", script);
            foreach (Match import in Regex.Matches(script, @"from '\./([^']+)'"))
            {
                Assert.Contains("assets/" + import.Groups[1].Value, files.Paths);
            }
        }

        // German and English know the same texts.
        var i18n = File.ReadAllText(Path.Combine(WwwRoot, "assets", "i18n.js"));
        var english = i18n.IndexOf("\n  en: {", StringComparison.Ordinal);
        static string[] Keys(string part) => [.. Regex.Matches(part, @"^\s+'([a-zA-Z.]+)':", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
        Assert.Equal(Keys(i18n[..english]), Keys(i18n[english..]));
    }

    [Fact]
    public async Task Without_a_status_page_of_its_own_a_fund_links_to_the_served_status_form()
    {
        await using var app = await TestApp.StartAsync(shared, s => s["Forms:PublicBaseUrl"] = "https://func-mintfonds.example/api/forms/", now: ApplicationTestKit.Now);
        var fund = TestData.Fund(TestData.NewFundId());
        ((Dictionary<string, object?>)fund["contact"]!).Remove("statusPageUrl");
        var fundId = await Funds.CallTests.NewFund(app, fund);
        Assert.Equal(201, (await Funds.CallTests.CreateCall(app, fundId, TestData.Call("laufend", new DateOnly(2026, 1, 1)))).Status);

        var reference = await DecisionTestKit.SubmitAsync(app, fundId);
        var token = await ApplicationTestKit.TokenFromEmailAsync(app, fundId, reference);

        Assert.Equal(200, (await ApplicationTestKit.StatusAsync(app, fundId, reference, token)).Status);
        var link = $"https://func-mintfonds.example/api/forms/status#{fundId}/{reference}/{token}";
        var container = app.Storage.Container(Storage.BlobContainerNames.MailOutbox);
        var found = false;
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, fundId + "/", CancellationToken.None))
        {
            found |= (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString().Contains(link, StringComparison.Ordinal);
        }

        Assert.True(found, "The e-mail links to " + link);
        Assert.Equal("https://func-x.azurewebsites.net/api/forms/", FormSettings.BaseUrlOrHost(null, "func-x.azurewebsites.net"));
        Assert.Equal("http://localhost:7071/api/forms/", FormSettings.BaseUrlOrHost("", "localhost:7071"));
        Assert.Equal("https://set.example/forms/", FormSettings.BaseUrlOrHost("https://set.example/forms/", "func-x.azurewebsites.net"));
        Assert.Null(FormSettings.BaseUrlOrHost(null, null));
    }

    [Fact]
    public async Task The_pledge_answer_carries_a_GiroCode_image_per_instalment_that_decodes_to_its_payload()
    {
        await using var app = await TestApp.StartAsync(shared, now: PledgeTestKit.Now);
        var fundId = await Funds.CallTests.NewFund(app);

        var response = await PledgeTestKit.SubmitAsync(app, fundId, PledgeTestKit.Pledge());

        Assert.Equal(201, response.Status);
        var codes = response.Json.GetProperty("giroCodes").EnumerateArray().ToList();
        Assert.Equal(["MRF-P-2026-0001-1", "MRF-P-2026-0001-2", "MRF-P-2026-0001-3"], codes.Select(c => c.GetProperty("remittanceReference").GetString()));
        Assert.Equal(response.Json.GetProperty("payment").GetProperty("giroCodePayload").GetString(), codes[0].GetProperty("payload").GetString());
        foreach (var code in codes)
        {
            var payload = code.GetProperty("payload").GetString()!;
            Assert.EndsWith($"EUR500.00\n\n\n{code.GetProperty("remittanceReference").GetString()} MINT-Regionalfonds Testregion", payload, StringComparison.Ordinal);
            Assert.Equal(payload, QrDecoder.Scan(code.GetProperty("png").GetBytesFromBase64()).Text);
        }
    }

    [Fact]
    public async Task While_changes_are_requested_the_status_view_holds_the_application_to_edit_without_bank_data()
    {
        await using var app = await TestApp.StartAsync(shared, now: ApplicationTestKit.Now);
        var fundId = await DecisionTestKit.FundAsync(app);
        var reference = await DecisionTestKit.SubmitAsync(app, fundId);
        var token = await ApplicationTestKit.TokenFromEmailAsync(app, fundId, reference);

        var submitted = await ApplicationTestKit.StatusAsync(app, fundId, reference, token);
        Assert.False(submitted.Json.TryGetProperty("application", out _));
        Assert.Equal("laufend", submitted.Json.GetProperty("callId").GetString());

        await DecisionTestKit.ActAsync(app, fundId, reference, "start-review");
        await DecisionTestKit.ActAsync(app, fundId, reference, "request-changes", new Dictionary<string, object?> { ["note"] = "Bitte den Zeitplan ergänzen." });
        var changes = await ApplicationTestKit.StatusAsync(app, fundId, reference, token);

        Assert.Equal("Bitte den Zeitplan ergänzen.", changes.Json.GetProperty("changesRequestedNote").GetString());
        var application = changes.Json.GetProperty("application");
        Assert.Equal("Forscherkiste „Wasser & Strom“ 🔬", application.GetProperty("project").GetProperty("title").GetString());
        Assert.Equal(2, application.GetProperty("budget").GetProperty("lines").GetArrayLength());
        Assert.Equal("Förderverein GS Am Rhein e.V.", application.GetProperty("bankAccount").GetProperty("accountHolder").GetString());
        Assert.False(application.GetProperty("bankAccount").TryGetProperty("iban", out _));
        Assert.DoesNotContain("DE02", changes.Body, StringComparison.Ordinal);
    }

    private static Task<TestResponse> GetAsync(TestApp app, string? path, IDictionary<string, string>? headers = null) =>
        app.CallAsync<FormFunctions>("GET", "/api/forms/" + path, (f, r) => f.GetFormFile(r, path), headers: headers);
}
