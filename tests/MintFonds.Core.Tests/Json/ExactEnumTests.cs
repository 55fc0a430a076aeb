using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Pledges;

namespace MintFonds.Core.Tests.Json;

/// <summary>
/// Enums are read only as documented: the framework's converter took "donation,sponsoring" (flags syntax), any casing
/// and padded text, so a body could mean something other than it says (a role "office,board" granted board).
/// </summary>
public sealed class ExactEnumTests
{
    [Theory]
    [InlineData("\"donation,sponsoring\"")]
    [InlineData("\"Donation\"")]
    [InlineData("\"DONATION\"")]
    [InlineData("\" donation\"")]
    [InlineData("\"donation \"")]
    [InlineData("\"0\"")]
    [InlineData("0")]
    [InlineData("\"\"")]
    public void Anything_but_the_documented_spelling_is_refused(string value)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<KindBody>($$"""{"kind":{{value}}}""", MintFondsJson.Api));
    }

    [Fact]
    public void The_documented_spelling_round_trips()
    {
        var body = JsonSerializer.Deserialize<KindBody>("""{"kind":"sponsoring"}""", MintFondsJson.Api)!;

        Assert.Equal(PledgeKind.Sponsoring, body.Kind);
        Assert.Equal("""{"kind":"sponsoring"}""", JsonSerializer.Serialize(body, MintFondsJson.Api));
    }

    public sealed record KindBody(PledgeKind Kind);
}
