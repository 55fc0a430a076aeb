using System.Globalization;
using System.Text;

namespace MintFonds.Core.Payments;

/// <summary>
/// Brings text into the SEPA Latin set (a–z A–Z 0–9 / - ? : ( ) . , ' + space) that every bank and banking app
/// accepts; many reject umlauts or silently mangle them.
/// </summary>
/// <remarks>
/// Rules, in order: German umlauts and ß are spelled out (ä → ae, Ä → Ae, in an all-caps word ÄRGER → AERGER);
/// a few letters without a decomposition are mapped (æ → ae, ø → o, ł → l …); other accented letters lose their
/// accent (é → e, ñ → n); typographic quotes become ', dashes and _ become -, &amp; becomes + (one character, so a text
/// does not grow past its limit the way "und" would); € becomes EUR; any whitespace (including line breaks, which
/// would otherwise split a GiroCode field) becomes one space. Anything else becomes ".", as the EPC's conversion
/// guidance recommends for characters without a meaningful replacement.
/// </remarks>
public static class SepaText
{
    private static readonly Dictionary<char, string> Replacements = new()
    {
        ['ß'] = "ss", ['ẞ'] = "SS",
        ['æ'] = "ae", ['Æ'] = "AE", ['œ'] = "oe", ['Œ'] = "OE", ['ø'] = "o", ['Ø'] = "O",
        ['ł'] = "l", ['Ł'] = "L", ['đ'] = "d", ['Đ'] = "D", ['ð'] = "d", ['Ð'] = "D", ['þ'] = "th", ['Þ'] = "Th", ['ı'] = "i",
        ['‘'] = "'", ['’'] = "'", ['‚'] = "'", ['‛'] = "'", ['′'] = "'", ['`'] = "'", ['´'] = "'",
        ['"'] = "'", ['“'] = "'", ['”'] = "'", ['„'] = "'", ['‟'] = "'", ['″'] = "'",
        ['«'] = "'", ['»'] = "'", ['‹'] = "'", ['›'] = "'",
        ['‐'] = "-", ['‑'] = "-", ['‒'] = "-", ['–'] = "-", ['—'] = "-", ['―'] = "-", ['−'] = "-", ['_'] = "-",
        ['&'] = "+", ['€'] = "EUR",
    };

    private static readonly Dictionary<char, string> Umlauts = new()
    {
        ['ä'] = "ae", ['ö'] = "oe", ['ü'] = "ue", ['Ä'] = "Ae", ['Ö'] = "Oe", ['Ü'] = "Ue",
    };

    /// <summary>True for the characters of the SEPA Latin set.</summary>
    public static bool IsSepaCharacter(char c) => char.IsAsciiLetterOrDigit(c) || "/-?:().,'+ ".Contains(c, StringComparison.Ordinal);

    /// <summary>The text in the SEPA Latin set, trimmed, whitespace runs collapsed; null becomes "".</summary>
    public static string Transliterate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // NFC first so a decomposed "u + ¨" is seen as "ü" and spelled "ue", not stripped to "u".
        var composed = text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(composed.Length + 8);
        for (var i = 0; i < composed.Length; i++)
        {
            var c = composed[i];
            if (char.IsWhiteSpace(c))
            {
                AppendSpace(builder);
            }
            else if (IsSepaCharacter(c))
            {
                builder.Append(c);
            }
            else if (Umlauts.TryGetValue(c, out var umlaut))
            {
                builder.Append(char.IsUpper(c) && InAllCapsWord(composed, i) ? umlaut.ToUpperInvariant() : umlaut);
            }
            else if (Replacements.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                // A stray accent or an invisible joiner carries nothing a bank could show.
                continue;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < composed.Length && char.IsLowSurrogate(composed[i + 1]))
            {
                // One replacement per emoji or other astral character, not one per UTF-16 half.
                builder.Append('.');
                i++;
            }
            else
            {
                builder.Append(WithoutAccent(c) ?? ".");
            }
        }

        return builder.ToString().Trim();
    }

    private static void AppendSpace(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] != ' ')
        {
            builder.Append(' ');
        }
    }

    // "MÜLLER" should read "MUELLER", not "MUeLLER": upper-case the whole replacement when the word is shouted.
    private static bool InAllCapsWord(string text, int index)
    {
        var next = index + 1 < text.Length ? text[index + 1] : ' ';
        var previous = index > 0 ? text[index - 1] : ' ';
        return char.IsLetter(next) ? char.IsUpper(next) : char.IsUpper(previous);
    }

    // é → e, ñ → n, Å → A: the base letters of the canonical decomposition, if they are all SEPA characters.
    private static string? WithoutAccent(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var part in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (!IsSepaCharacter(part))
            {
                return null;
            }

            builder.Append(part);
        }

        return builder.Length > 0 ? builder.ToString() : null;
    }
}
