using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Money;

namespace MintFonds.Core.Tests.Money;

public sealed class EuroTests
{
    [Theory]
    [InlineData("0.01", 1)]
    [InlineData("1", 100)]
    [InlineData("1250.50", 125050)]
    [InlineData("999999999.99", 99999999999)]
    [InlineData("-3.20", -320)]
    public void Amounts_with_up_to_two_decimals_become_exact_cents(string euros, long cents)
    {
        Assert.True(Euro.TryFromDecimal(decimal.Parse(euros, System.Globalization.CultureInfo.InvariantCulture), out var amount));
        Assert.Equal(cents, amount.Cents);
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("12.345")]
    [InlineData("0.105")]
    public void More_than_two_decimals_are_refused_not_rounded(string euros) =>
        Assert.False(Euro.TryFromDecimal(decimal.Parse(euros, System.Globalization.CultureInfo.InvariantCulture), out _));

    [Fact]
    public void Arithmetic_is_exact_where_floating_point_is_not()
    {
        var sum = Euro.Zero;
        for (var i = 0; i < 10; i++)
        {
            sum += Euro.FromDecimal(0.10m);
        }

        Assert.Equal(Euro.FromDecimal(1.00m), sum);
        Assert.Equal("1.250,00 €", Euro.FromDecimal(1250m).ToGermanString());
        Assert.Equal("0,07 €", new Euro(7).ToGermanString());
    }

    [Fact]
    public void JSON_reads_and_writes_euro_numbers()
    {
        var value = JsonSerializer.Deserialize<Holder>("""{"amount": 1250.5}""", MintFondsJson.Api)!;
        Assert.Equal(125050, value.Amount.Cents);
        Assert.Equal("""{"amount":1250.5}""", JsonSerializer.Serialize(value, MintFondsJson.Api));
    }

    [Theory]
    [InlineData("""{"amount": 1.005}""", "zwei Nachkommastellen")]
    [InlineData("""{"amount": "12"}""", "Zahl in Euro")]
    public void JSON_refuses_bad_amounts_with_a_German_message(string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>(json, MintFondsJson.Api));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Data.Contains(InputFormat.Marker));
    }

    private sealed record Holder(Euro Amount);
}
