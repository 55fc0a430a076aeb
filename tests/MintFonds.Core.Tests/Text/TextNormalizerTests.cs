using MintFonds.Core.Text;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Tests.Text;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Decomposed_umlauts_are_composed_and_whitespace_trimmed()
    {
        var decomposed = "  Gru\u0308ße aus Mu\u0308nster ";
        Assert.Equal("Grüße aus Münster", TextNormalizer.Normalize(decomposed));
    }

    [Theory]
    [InlineData("Zeile\u0000", false, true)]
    [InlineData("Zeile\nZeile", false, true)]
    [InlineData("Zeile\nZeile", true, false)]
    [InlineData("\u202Egnp.exe", true, true)]
    [InlineData("Familie 👨‍👩‍👧 und Forschung 🔬", false, false)]
    [InlineData("O'Brien – „Zitat“", false, false)]
    public void Control_and_bidi_override_characters_are_found(string text, bool multiLine, bool forbidden) =>
        Assert.Equal(forbidden, TextNormalizer.HasForbiddenControlCharacters(text, multiLine));

    [Theory]
    [InlineData(@"a\ud800b", true)]           // unpaired high surrogate
    [InlineData(@"a\udc00", true)]            // unpaired low surrogate
    [InlineData(@"\udc00\ud800", true)]       // a pair in the wrong order
    [InlineData(@"x\ufdd0", true)]            // first of the noncharacter block
    [InlineData(@"x\ufdef", true)]            // last of it
    [InlineData(@"x\ufffe", true)]
    [InlineData(@"x\uffff", true)]
    [InlineData(@"x\ud83f\udffe", true)]      // U+1FFFE
    [InlineData(@"x\udbff\udfff", true)]      // U+10FFFF
    [InlineData(@"x\ufdcf\ufdf0\ufffd", false)] // next to the block, and the replacement character itself
    [InlineData("Forschung 🔬 und Familie 👨‍👩‍👧", false)]
    public void Unpaired_surrogates_and_noncharacters_are_found(string escaped, bool invalid) =>
        Assert.Equal(invalid, TextNormalizer.HasInvalidCharacters(System.Text.RegularExpressions.Regex.Unescape(escaped)));

    [Fact]
    public void Text_with_an_unpaired_surrogate_or_a_noncharacter_is_refused_not_stored_as_a_replacement()
    {
        var check = new InputChecker();
        Assert.Null(check.Text("a", "Schule \ud800", maxLength: 100));
        Assert.Null(check.Text("b", "Schule \uffff", maxLength: 100));
        Assert.Equal("Schule 🔬", check.Text("c", " Schule 🔬 ", maxLength: 100));
        Assert.Equal(["a", "b"], check.Errors.Select(e => e.Field));
        Assert.All(check.Errors, e => Assert.Equal(Messages.InvalidCharacters, e.Message));
    }

    [Fact]
    public void Length_is_counted_as_a_person_counts_characters()
    {
        var check = new InputChecker();
        Assert.Equal("🔬🔬🔬", check.Text("title", "🔬🔬🔬", maxLength: 3));
        Assert.Null(check.Text("title2", "🔬🔬🔬🔬", maxLength: 3));
        Assert.Equal(["title2"], check.Errors.Select(e => e.Field));
    }
}
