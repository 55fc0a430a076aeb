using System.Text.Json.Nodes;
using MintFonds.Core.Funds;
using MintFonds.Functions.Tests.Contracts;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// Each fund has its own colours on its forms: set with the fund, refused when too light for text on white
/// (WCAG 2.x AA, 4.5:1), and shown in exactly the shape the web forms read: <c>fund.branding</c> of the public calls.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FundBrandingTests(SharedFixture shared)
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    [Theory]
    [InlineData("#FFFFFF", 1.0)]
    [InlineData("#000000", 21.0)]
    [InlineData("#767676", 4.54)]
    [InlineData("#777777", 4.48)]
    public void Contrast_with_white_follows_the_WCAG_formula(string colour, double expected) =>
        Assert.Equal(expected, BrandingValidator.ContrastWithWhite(colour), 2);

    [Fact]
    public void The_default_colours_are_readable_on_white()
    {
        Assert.True(BrandingValidator.ContrastWithWhite(FundBranding.Default.PrimaryColor) >= 4.5);
        Assert.True(BrandingValidator.ContrastWithWhite(FundBranding.Default.AccentColor) >= 4.5);
    }

    [Theory]
    [InlineData("#FFCC00", "branding.primaryColor")]
    [InlineData("#777777", "branding.primaryColor")]
    [InlineData("blue", "branding.primaryColor")]
    [InlineData("#12345", "branding.primaryColor")]
    public async Task A_colour_too_light_or_malformed_is_refused_naming_it(string colour, string field)
    {
        await using var app = await TestApp.StartAsync(shared);
        var (response, _) = await CreateAsync(app, new JsonObject { ["primaryColor"] = colour, ["accentColor"] = "#A3195B" });

        Assert.Equal(422, response.Status);
        Assert.Equal([field], response.ProblemFields);
    }

    [Fact]
    public async Task The_public_calls_show_the_funds_own_colours_and_logo_and_other_funds_keep_theirs()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (created, ownId) = await CreateAsync(app, new JsonObject { ["primaryColor"] = "#1a5276", ["accentColor"] = "#7b241c" }, logoUrl: "https://region.example/logo.png");
        Assert.Equal(201, created.Status);
        Assert.Equal("#1A5276", created.Json.GetProperty("branding").GetProperty("primaryColor").GetString());
        var (_, plainId) = await CreateAsync(app, branding: null);

        var own = await PublicFundAsync(app, ownId);
        var plain = await PublicFundAsync(app, plainId);

        Assert.Equal("""{"primaryColor":"#1A5276","accentColor":"#7B241C","logoUrl":"https://region.example/logo.png"}""", own["branding"]!.ToJsonString());
        Assert.Equal("""{"primaryColor":"#00508C","accentColor":"#A3195B"}""", plain["branding"]!.ToJsonString());
    }

    private static async Task<JsonNode> PublicFundAsync(TestApp app, string fundId)
    {
        var operation = Document.Operations().Single(o => o.Id == "ListOpenCalls");
        var response = await OperationDriver.InvokeAsync(app, operation, new Dictionary<string, string> { ["fundId"] = fundId });
        Assert.Equal(200, response.Status);
        return JsonNode.Parse(response.Body)!["fund"]!;
    }

    private static async Task<(TestResponse Response, string FundId)> CreateAsync(TestApp app, JsonObject? branding, string? logoUrl = null)
    {
        var operation = Document.Operations().Single(o => o.Id == "CreateFund");
        var media = operation.RequestContent["application/json"];
        var body = (JsonObject)operation.Examples(media).First().Value!.DeepClone();
        var fundId = "br-" + Guid.NewGuid().ToString("N")[..10];
        body["id"] = fundId;
        if (branding is not null)
        {
            body["branding"] = branding;
        }

        if (logoUrl is not null)
        {
            body["contact"]!["logoUrl"] = logoUrl;
        }

        return (await OperationDriver.InvokeAsync(app, operation, new Dictionary<string, string>(), body: body.ToJsonString(), token: app.PlatformAdminToken), fundId);
    }
}
