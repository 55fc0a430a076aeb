using System.Text;

namespace MintFonds.Core.Validation;

/// <summary>IBAN checks per ISO 13616: country length and the mod-97 checksum.</summary>
public static class Iban
{
    // Lengths of the SEPA countries a regional German fund will meet; others are checked by checksum and the 34 maximum.
    private static readonly Dictionary<string, int> LengthByCountry = new(StringComparer.Ordinal)
    {
        ["DE"] = 22, ["AT"] = 20, ["CH"] = 21, ["LU"] = 20, ["FR"] = 27, ["NL"] = 18, ["BE"] = 16, ["DK"] = 18,
        ["PL"] = 28, ["CZ"] = 24, ["IT"] = 27, ["ES"] = 24, ["LI"] = 21, ["IE"] = 22, ["GB"] = 22,
    };

    /// <summary>Removes spaces and upper-cases, the form in which an IBAN is stored and compared.</summary>
    public static string Canonical(string value) =>
        new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var iban = Canonical(value);
        if (iban.Length < 15 || iban.Length > 34 || !iban.All(char.IsAsciiLetterOrDigit)
            || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]) || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }

        if (LengthByCountry.TryGetValue(iban[..2], out var expected) && iban.Length != expected)
        {
            return false;
        }

        return Mod97(iban[4..] + iban[..4]) == 1;
    }

    /// <summary>Groups of four for display ("DE89 3704 0044 0532 0130 00").</summary>
    public static string Format(string iban)
    {
        var canonical = Canonical(iban);
        var builder = new StringBuilder(canonical.Length + (canonical.Length / 4));
        for (var i = 0; i < canonical.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                builder.Append(' ');
            }

            builder.Append(canonical[i]);
        }

        return builder.ToString();
    }

    private static int Mod97(string rearranged)
    {
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var digits = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = digits < 10 ? ((remainder * 10) + digits) % 97 : ((remainder * 100) + digits) % 97;
        }

        return remainder;
    }
}
