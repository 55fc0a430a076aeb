using System.Globalization;
using System.Text;

namespace MintFonds.Core.Applications;

/// <summary>
/// One key per institution however it is typed: case, accents, ß, punctuation, spacing and the order of legal-form
/// words do not matter; the postal code tells apart two schools of the same name in different towns.
/// </summary>
public static class InstitutionKey
{
    private static readonly HashSet<string> IgnoredWords = new(StringComparer.Ordinal) { "ev", "e", "v", "der", "die", "das" };

    public static string For(string name, string postalCode)
    {
        var folded = new StringBuilder(name.Length);
        foreach (var c in name.Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        var words = folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !IgnoredWords.Contains(w));
        return $"{postalCode}-{string.Join('-', words)}";
    }
}
