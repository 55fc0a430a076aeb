using System.Globalization;
using System.Text;

namespace MintFonds.Core.Text;

/// <summary>Brings user text into one canonical form before it is checked or stored.</summary>
public static class TextNormalizer
{
    /// <summary>Unicode NFC and trimmed; null stays null. Keeps umlauts, ß, apostrophes and emoji exactly.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.IsNormalized(NormalizationForm.FormC) ? trimmed : trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>True when the text holds control characters; line breaks and tabs are allowed only in multi-line text.</summary>
    public static bool HasForbiddenControlCharacters(string value, bool multiLine)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (multiLine && (rune.Value == '\n' || rune.Value == '\r' || rune.Value == '\t'))
            {
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control || (category == UnicodeCategory.Format && IsBidiControl(rune)))
            {
                return true;
            }
        }

        return false;
    }

    // Bidi overrides can disguise text (e.g. an IBAN or a name); zero-width joiners stay allowed for emoji.
    private static bool IsBidiControl(Rune rune) =>
        rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;
}
