using System.Text;
using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Validation;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Http;
using MintFonds.Functions.Tests.Abuse;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// Sub-point 6: text that is not valid Unicode is refused, naming the field, instead of being stored with a
/// replacement character. System.Text.Json itself refuses what it cannot decode (an escaped unpaired surrogate, bytes
/// that are not UTF-8: 400 naming the field); noncharacters decode fine and are refused by the text check (422).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TextValidityTests(SharedFixture shared)
{
    private const string Marker = "MARKE";

    [Theory]
    [InlineData("contact.name", @"\ud800")]          // unpaired high surrogate, escaped
    [InlineData("project.title", @"\udc00")]         // unpaired low surrogate
    [InlineData("institution.city", @"\udc00\ud800")] // a pair in the wrong order
    public async Task An_escaped_unpaired_surrogate_is_400_naming_the_field(string field, string escape)
    {
        await using var app = await AbuseTestKit.StartAsync(shared, hour: 90);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var response = await PostAsync(app, fundId, Encoding.UTF8.GetBytes(Body(field).Replace(Marker, escape, StringComparison.Ordinal)));

        Assert.Equal(400, response.Status);
        Assert.Equal([field], response.ProblemFields);
        Assert.Equal(JsonBodyReader.InvalidText, response.Json.GetProperty("errors").GetProperty(field)[0].GetString());
        await AssertNothingStoredAsync(app, fundId);
    }

    [Theory]
    [InlineData("contact.name", new byte[] { 0xFF })]              // never valid in UTF-8
    [InlineData("project.summary", new byte[] { 0xC3 })]           // a sequence cut short
    [InlineData("institution.name", new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate encoded as UTF-8 (CESU-8)
    [InlineData("contact.role", new byte[] { 0xC0, 0xAF })]        // an overlong encoding
    public async Task Raw_bytes_that_are_not_UTF_8_are_400_naming_the_field(string field, byte[] bytes)
    {
        await using var app = await AbuseTestKit.StartAsync(shared, hour: 91);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        var parts = Body(field).Split(Marker);

        var response = await PostAsync(app, fundId, [.. Encoding.UTF8.GetBytes(parts[0]), .. bytes, .. Encoding.UTF8.GetBytes(parts[1])]);

        Assert.Equal(400, response.Status);
        Assert.Equal([field], response.ProblemFields);
        Assert.Equal(JsonBodyReader.InvalidText, response.Json.GetProperty("errors").GetProperty(field)[0].GetString());
        await AssertNothingStoredAsync(app, fundId);
    }

    [Theory]
    [InlineData("institution.name", @"\ufdd0")]
    [InlineData("project.summary", @"\uffff")]
    [InlineData("contact.role", @"\ufffe")]
    [InlineData("budget.lines[0].description", @"\ud83f\udfff")] // U+1FFFF
    [InlineData("bankAccount.accountHolder", @"\udbff\udfff")]   // U+10FFFF
    public async Task A_noncharacter_escaped_or_raw_is_422_naming_the_field(string field, string escape)
    {
        await using var app = await AbuseTestKit.StartAsync(shared, hour: 92);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var escaped = await PostAsync(app, fundId, Encoding.UTF8.GetBytes(Body(field).Replace(Marker, escape, StringComparison.Ordinal)));
        var raw = await PostAsync(
            app, fundId, Encoding.UTF8.GetBytes(Body(field).Replace(Marker, System.Text.RegularExpressions.Regex.Unescape(escape), StringComparison.Ordinal)));

        foreach (var response in new[] { escaped, raw })
        {
            Assert.Equal(422, response.Status);
            Assert.Equal([field], response.ProblemFields);
            Assert.Equal(Messages.InvalidCharacters, response.Json.GetProperty("errors").GetProperty(field)[0].GetString());
        }

        await AssertNothingStoredAsync(app, fundId);
    }

    [Fact]
    public async Task Surrogate_pairs_and_the_replacement_character_as_typed_are_still_text()
    {
        await using var app = await AbuseTestKit.StartAsync(shared, hour: 93);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var response = await PostAsync(app, fundId, Encoding.UTF8.GetBytes(Body("project.title").Replace(Marker, @"\ud83d\udd2c \ufffd", StringComparison.Ordinal)));

        Assert.Equal(201, response.Status);
    }

    /// <summary>A valid application whose <paramref name="field"/> ends with <see cref="Marker"/>, as JSON text.</summary>
    private static string Body(string field)
    {
        var application = AbuseTestKit.Application(1);
        var path = field.Replace("[0]", string.Empty, StringComparison.Ordinal).Split('.');
        object node = application;
        foreach (var part in path[..^1])
        {
            node = node is Dictionary<string, object?> map ? map[part]! : ((Dictionary<string, object?>[])node)[0][part]!;
            if (node is Dictionary<string, object?>[] array)
            {
                node = array[0];
            }
        }

        var leaf = (Dictionary<string, object?>)node;
        leaf[path[^1]] = leaf[path[^1]] + " " + Marker;
        return JsonSerializer.Serialize(application, MintFondsJson.Api);
    }

    private static async Task<TestResponse> PostAsync(TestApp app, string fundId, byte[] body) =>
        await app.CallAsync<ApplicationFunctions>(
            "POST",
            $"/api/funds/{fundId}/calls/laufend/applications",
            (f, r) => f.SubmitApplication(r, fundId, "laufend", CancellationToken.None),
            headers: await app.FormHeadersAsync(fundId),
            rawBytes: body);

    private static async Task AssertNothingStoredAsync(TestApp app, string fundId) =>
        Assert.DoesNotContain(await ApplicationTestKit.RowsAsync(app, fundId), r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
}
