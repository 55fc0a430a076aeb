using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MintFonds.Functions.Tests.Decisions;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Browser;

/// <summary>
/// The parts of the forms that depend on answers this deployment does not give yet (a fund's branding in the open
/// calls, the proof-of-use upload): the browser's view of those answers is rewritten (Playwright routing), the rest is
/// the real app over real HTTP. The pages use them when they come and hide them when the route answers 404.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FormsWithFutureRoutesTests(SharedFixture shared, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private FormsSite _site = null!;

    public async Task InitializeAsync() => _site = await FormsSite.StartAsync(shared);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_funds_colours_apply_only_when_they_are_well_formed_and_readable_and_a_logo_only_over_https()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        JsonObject branding = new() { ["primaryColor"] = "#7a1f5c", ["accentColor"] = "red;background:url(https://evil.example/x)", ["logoUrl"] = "javascript:alert(1)" };
        await page.RouteAsync("**/api/funds/*/calls", async route =>
        {
            var response = await route.FetchAsync();
            var body = JsonNode.Parse(await response.TextAsync())!;
            body["fund"]!["branding"] = branding.DeepClone();
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body.ToJsonString(), ContentType = "application/json; charset=utf-8" });
        });

        await page.GotoAsync(_site.PageUrl("apply"));
        await Assertions.Expect(page.Locator("#application-form")).ToBeVisibleAsync();
        Assert.Equal("#7a1f5c", await CssVariableAsync(page, "--mf-primary"));
        Assert.Equal("#a34700", await CssVariableAsync(page, "--mf-accent"));
        Assert.Equal(0, await page.Locator("img.logo").CountAsync());
        Assert.Equal("rgb(122, 31, 92)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#submit')).backgroundColor"));

        // Well-formed but too light to read on white: the fund's colour would break the contrast, so the default stays.
        branding["primaryColor"] = "#ffff00";
        branding["logoUrl"] = "https://mint.example/logo.svg";
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#application-form")).ToBeVisibleAsync();
        Assert.Equal("#0b5394", await CssVariableAsync(page, "--mf-primary"));
        Assert.Equal("MINT-Regionalfonds Testregion", await page.Locator("img.logo").GetAttributeAsync("alt"));
    }

    [Fact]
    public async Task The_proof_of_use_part_sends_its_multipart_upload_and_hides_itself_where_the_route_does_not_exist()
    {
        var reference = await _site.SubmitApplicationAsync();
        var link = await _site.StatusLinkFromEmailAsync(reference);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // The status as an approved grant with a proof of use due would show it.
        await page.RouteAsync("**/api/funds/*/applications/*/status", async route =>
        {
            var response = await route.FetchAsync();
            var view = JsonNode.Parse(await response.TextAsync())!;
            view["proofOfUse"] = new JsonObject { ["reference"] = reference, ["state"] = "due", ["dueOn"] = "2027-09-30", ["files"] = new JsonArray() };
            view["application"] = new JsonObject
            {
                ["project"] = new JsonObject { ["educationStages"] = new JsonArray("primarstufe") },
                ["budget"] = new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["description"] = "Experimentierkästen Strom (4 Stück)", ["amount"] = 259.96 }) },
            };
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = view.ToJsonString(), ContentType = "application/json; charset=utf-8" });
        });

        // First: a deployment without the upload route (the host's empty 404).
        await page.RouteAsync("**/proof-of-use", route => route.FulfillAsync(new RouteFulfillOptions { Status = 404, Body = string.Empty }));
        await page.GotoAsync(link);
        await FillProofAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwendungsnachweis senden" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("kann hier noch nicht hochgeladen werden");
        await Assertions.Expect(page.Locator("#proof-form")).ToHaveCountAsync(0);

        // Then: the route exists and takes the multipart body it documents.
        await page.UnrouteAsync("**/proof-of-use");
        IRequest? sent = null;
        await page.RouteAsync("**/proof-of-use", route =>
        {
            sent = route.Request;
            return route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 201,
                ContentType = "application/json",
                Body = new JsonObject { ["reference"] = reference, ["state"] = "submitted", ["files"] = new JsonArray() }.ToJsonString(),
            });
        });
        await page.ReloadAsync();
        await FillProofAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwendungsnachweis senden" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Der Verwendungsnachweis ist eingegangen.");

        Assert.NotNull(sent);
        Assert.Equal("POST", sent!.Method);
        var headers = await sent.AllHeadersAsync();
        Assert.Equal(link.Split('/')[^1], headers["x-status-token"]);
        Assert.True(Guid.TryParse(headers["idempotency-key"], out _));
        Assert.StartsWith("multipart/form-data; boundary=", headers["content-type"], StringComparison.Ordinal);
        var body = System.Text.Encoding.UTF8.GetString(sent.PostDataBuffer!);
        Assert.Contains("name=\"report\"", body, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", body, StringComparison.Ordinal);
        Assert.Contains("\"participantsByStage\":{\"primarstufe\":40}", body, StringComparison.Ordinal);
        Assert.Contains("\"spending\":[{\"budgetLine\":\"Experimentierkästen Strom (4 Stück)\",\"amount\":250.5}]", body, StringComparison.Ordinal);
        Assert.Contains("name=\"receipts\"; filename=\"beleg.pdf\"", body, StringComparison.Ordinal);
    }

    private static async Task FillProofAsync(IPage page)
    {
        await page.GetByLabel("Kurzer Bericht: Was wurde umgesetzt? (Pflichtfeld)", new() { Exact = true }).FillAsync("Vier Gruppen haben mit den Kästen experimentiert.");
        await page.GetByLabel("Primarstufe (optional)", new() { Exact = true }).FillAsync("40");
        await page.GetByLabel("Experimentierkästen Strom (4 Stück) (optional)", new() { Exact = true }).FillAsync("250,50");
        await page.GetByLabel("Belege (PDF, PNG oder JPEG) (optional)", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "beleg.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray(),
        });
        var result = await page.RunAxe();
        Assert.DoesNotContain(result.Violations, v => v.Impact is "serious" or "critical");
    }

    private static Task<string> CssVariableAsync(IPage page, string name) =>
        page.EvaluateAsync<string>("n => getComputedStyle(document.documentElement).getPropertyValue(n).trim()", name);
}
