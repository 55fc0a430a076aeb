using System.Globalization;
using System.Text;

namespace MintFonds.Core.Text;

/// <summary>Brings user text into one canonical form before it is checked or stored.</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Unicode NFC and trimmed; null stays null. Keeps umlauts, ß, apostrophes and emoji exactly. Text that is not
    /// valid Unicode (<see cref="HasInvalidCharacters"/>) is only trimmed: it cannot be normalised, and is refused anyway.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (HasInvalidCharacters(value))
        {
            return value.Trim();
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

    /// <summary>
    /// True when the text holds an unpaired UTF-16 surrogate (which is no character at all, and would be stored as
    /// U+FFFD by any encoder) or a Unicode noncharacter (U+FDD0–U+FDEF and the last two code points of every plane,
    /// U+FFFE/U+FFFF … U+10FFFE/U+10FFFF), which are reserved for a program's internal use and never text to exchange.
    /// </summary>
    public static bool HasInvalidCharacters(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            int codePoint = c;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                codePoint = char.ConvertToUtf32(c, value[++i]);
            }
            else if (char.IsLowSurrogate(c))
            {
                return true;
            }

            if (IsNoncharacter(codePoint))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    // Bidi overrides can disguise text (e.g. an IBAN or a name); zero-width joiners stay allowed for emoji.
    private static bool IsBidiControl(Rune rune) =>
        rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;
}
