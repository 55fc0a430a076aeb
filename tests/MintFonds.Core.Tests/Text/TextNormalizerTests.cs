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

    [Fact]
    public void Length_is_counted_as_a_person_counts_characters()
    {
        var check = new InputChecker();
        Assert.Equal("🔬🔬🔬", check.Text("title", "🔬🔬🔬", maxLength: 3));
        Assert.Null(check.Text("title2", "🔬🔬🔬🔬", maxLength: 3));
        Assert.Equal(["title2"], check.Errors.Select(e => e.Field));
    }
}
