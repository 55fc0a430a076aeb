using System.Globalization;
using System.Text;

namespace MintFonds.Core.Text;

/// <summary>
/// One spelling per name however it is typed: case, accents and umlauts (ä = ae), ß, punctuation, spacing and filler
/// words ("e.V.", articles) do not matter.
/// </summary>
public static class NameKey
{
    private static readonly HashSet<string> IgnoredWords = new(StringComparer.Ordinal) { "ev", "e", "v", "der", "die", "das" };

    public static string Normalize(string name)
    {
        var spelled = name.Replace("ß", "ss", StringComparison.Ordinal)
            .Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("ü", "ue", StringComparison.Ordinal)
            .Replace("Ä", "Ae", StringComparison.Ordinal).Replace("Ö", "Oe", StringComparison.Ordinal).Replace("Ü", "Ue", StringComparison.Ordinal);
        var folded = new StringBuilder(spelled.Length);
        foreach (var c in spelled.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return string.Join('-', folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !IgnoredWords.Contains(w)));
    }
}
