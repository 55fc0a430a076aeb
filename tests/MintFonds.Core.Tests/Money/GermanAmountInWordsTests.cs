using System.Globalization;
using MintFonds.Core.Money;

namespace MintFonds.Core.Tests.Money;

public sealed class GermanAmountInWordsTests
{
    [Theory]
    [InlineData("0.01", "null Euro und ein Cent")]
    [InlineData("1", "ein Euro")]
    [InlineData("16", "sechzehn Euro")]
    [InlineData("17", "siebzehn Euro")]
    [InlineData("21", "einundzwanzig Euro")]
    [InlineData("100", "einhundert Euro")]
    [InlineData("101", "einhunderteins Euro")]
    [InlineData("1000", "eintausend Euro")]
    [InlineData("1001", "eintausendeins Euro")]
    [InlineData("1250", "eintausendzweihundertfünfzig Euro")]
    [InlineData("1000000", "eine Million Euro")]
    [InlineData("999999999.99", "neunhundertneunundneunzig Millionen neunhundertneunundneunzigtausendneunhundertneunundneunzig Euro und neunundneunzig Cent")]
    public void Receipt_amounts_are_written_as_an_accountant_writes_them(string euros, string words) =>
        Assert.Equal(words, GermanAmountInWords.For(Amount(euros)));

    [Theory]
    [InlineData("0", "null Euro")]
    [InlineData("11", "elf Euro")]
    [InlineData("12", "zwölf Euro")]
    [InlineData("12.50", "zwölf Euro und fünfzig Cent")]
    [InlineData("30", "dreißig Euro")]
    [InlineData("70", "siebzig Euro")]
    [InlineData("60.60", "sechzig Euro und sechzig Cent")]
    [InlineData("1.01", "ein Euro und ein Cent")]
    [InlineData("1100", "eintausendeinhundert Euro")]
    [InlineData("100000", "einhunderttausend Euro")]
    [InlineData("1000001", "eine Million eins Euro")]
    [InlineData("2000000", "zwei Millionen Euro")]
    [InlineData("2000300", "zwei Millionen dreihundert Euro")]
    [InlineData("201", "zweihunderteins Euro")]
    [InlineData("21000", "einundzwanzigtausend Euro")]
    [InlineData("101000", "einhunderteintausend Euro")]
    [InlineData("1000100", "eine Million einhundert Euro")]
    [InlineData("1001001", "eine Million eintausendeins Euro")]
    [InlineData("21000000", "einundzwanzig Millionen Euro")]
    [InlineData("101000000", "einhunderteine Millionen Euro")]
    public void Irregular_and_boundary_numbers_are_spelled_correctly(string euros, string words) =>
        Assert.Equal(words, GermanAmountInWords.For(Amount(euros)));

    [Fact]
    public void Below_a_million_every_amount_is_one_word_and_eins_only_ends_it()
    {
        for (var euros = 2; euros < 1_000_000; euros++)
        {
            var words = GermanAmountInWords.For(new Euro(euros * 100L));
            Assert.EndsWith(" Euro", words, StringComparison.Ordinal);
            var number = words[..^" Euro".Length];
            Assert.True(number.All(char.IsLower), words);
            Assert.True(!number.Contains("eins", StringComparison.Ordinal) || number.EndsWith("eins", StringComparison.Ordinal), words);
        }
    }

    [Fact]
    public void Negative_amounts_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GermanAmountInWords.For(new Euro(-1)));

    [Fact]
    public void Amounts_above_the_system_limit_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GermanAmountInWords.For(Euro.Max + new Euro(1)));

    private static Euro Amount(string euros) => Euro.FromDecimal(decimal.Parse(euros, CultureInfo.InvariantCulture));
}
