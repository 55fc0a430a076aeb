using System.Text;

namespace MintFonds.Core.Money;

/// <summary>
/// The amount "in Worten" that a donation receipt must carry (§ 50 EStDV), written as a German accountant does:
/// lower case, everything below a million as one word, "Million(en)" apart ("zwei Millionen dreihundert Euro").
/// </summary>
/// <remarks>
/// Written here rather than taken from Humanizer: Humanizer 3 spells 101.000 "einhunderteinstausend" and
/// 101.000.000 "einhunderteins Millionen", Humanizer 2 spells 101 "einhundertein", and a receipt is a tax document.
/// The German "one" changes with what follows: "eins" at the end of a number (einhunderteins), "ein" before
/// "hundert", "tausend", "und" and a masculine noun (ein Euro, ein Cent), "eine" before "Million".
/// </remarks>
public static class GermanAmountInWords
{
    private static readonly string[] BelowTwenty =
    [
        "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
        "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn",
    ];

    private static readonly string[] Tens = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"];

    /// <summary>E.g. 1.250,00 € → "eintausendzweihundertfünfzig Euro", 12,50 € → "zwölf Euro und fünfzig Cent".</summary>
    public static string For(Euro amount)
    {
        if (amount.IsNegative || amount > Euro.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Only amounts from 0 to 999,999,999.99 EUR can be written in words.");
        }

        var euros = (int)(amount.Cents / 100);
        var cents = (int)(amount.Cents % 100);
        var words = BeforeNoun(euros) + " Euro";
        return cents == 0 ? words : words + " und " + BeforeNoun(cents) + " Cent";
    }

    /// <summary>A soft hyphen: where a long number word may break, printed as "-" only at a line end.</summary>
    public const char BreakPoint = '\u00AD';

    // Longest first, so "dreizehn" wins over "drei" and "hundert" is never read as "h-und-ert".
    private static readonly string[] Morphemes =
    [
        .. BelowTwenty.Skip(1).Concat(Tens.Skip(2)).Concat(["hundert", "tausend", "und", "ein", "eine"]).Distinct().OrderByDescending(m => m.Length),
    ];

    /// <summary>
    /// The same words with <see cref="BreakPoint"/> between the parts of each compound number word ("neunhundert·neun·und·
    /// neunzig·tausend"), so a narrow column breaks a long amount at a syllable with a hyphen, never inside one.
    /// </summary>
    public static string WithBreakPoints(string words) =>
        string.Join(' ', words.Split(' ').Select(word => Split(word) is { Count: > 1 } parts ? string.Join(BreakPoint, parts) : word));

    private static List<string>? Split(string word)
    {
        var parts = new List<string>();
        var rest = word;
        while (rest.Length > 0)
        {
            var morpheme = Morphemes.FirstOrDefault(m => rest.StartsWith(m, StringComparison.Ordinal));
            if (morpheme is null)
            {
                return null;
            }

            parts.Add(morpheme);
            rest = rest[morpheme.Length..];
        }

        return parts;
    }

    // Euro and Cent are masculine: a lone one is "ein"; inside a larger number the final one stays "eins".
    private static string BeforeNoun(int number) => number switch
    {
        0 => "null",
        1 => "ein",
        _ => Spell(number),
    };

    private static string Spell(int number)
    {
        var millions = number / 1_000_000;
        var thousands = number / 1000 % 1000;
        var units = number % 1000;

        var words = new StringBuilder();
        if (millions > 0)
        {
            words.Append(millions == 1 ? "eine Million" : Block(millions, "eine") + " Millionen");
            if (thousands + units > 0)
            {
                words.Append(' ');
            }
        }

        if (thousands > 0)
        {
            words.Append(Block(thousands, "ein")).Append("tausend");
        }

        if (units > 0)
        {
            words.Append(Block(units, "eins"));
        }

        return words.ToString();
    }

    /// <summary>1 to 999 as one word; <paramref name="finalOne"/> is the form of a one that ends the block.</summary>
    private static string Block(int number, string finalOne)
    {
        var words = new StringBuilder();
        if (number >= 100)
        {
            words.Append(Digit(number / 100)).Append("hundert");
        }

        var rest = number % 100;
        if (rest == 1)
        {
            words.Append(finalOne);
        }
        else if (rest >= 20)
        {
            if (rest % 10 > 0)
            {
                words.Append(Digit(rest % 10)).Append("und");
            }

            words.Append(Tens[rest / 10]);
        }
        else if (rest > 0)
        {
            words.Append(BelowTwenty[rest]);
        }

        return words.ToString();
    }

    // A digit in front of "hundert" or "und…zig": "einhundert", "einundzwanzig", "zweihundert".
    private static string Digit(int digit) => digit == 1 ? "ein" : BelowTwenty[digit];
}
