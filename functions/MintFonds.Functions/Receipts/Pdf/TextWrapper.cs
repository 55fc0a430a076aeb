using PdfSharp.Drawing;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>
/// Greedy line breaking at spaces; "\n" starts a new line. A word wider than the column breaks only at a marked syllable
/// (a soft hyphen, see <c>GermanAmountInWords.WithBreakPoints</c>) with a visible hyphen; soft hyphens are never drawn.
/// </summary>
internal static class TextWrapper
{
    public static IReadOnlyList<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var current = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Fits(graphics, candidate, font, width))
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = BreakLongWord(graphics, word, font, width, lines);
            }

            lines.Add(current);
        }

        return [.. lines.Select(line => line.Replace(SoftHyphen, string.Empty, StringComparison.Ordinal))];
    }

    private const string SoftHyphen = "\u00AD";

    private static bool Fits(XGraphics graphics, string text, XFont font, double width) =>
        graphics.MeasureString(text.Replace(SoftHyphen, string.Empty, StringComparison.Ordinal), font).Width <= width;

    /// <summary>A word wider than the column (a very long amount in words) is cut where it must; returns the last piece.</summary>
    private static string BreakLongWord(XGraphics graphics, string word, XFont font, double width, List<string> lines)
    {
        var rest = word;
        while (!Fits(graphics, rest, font, width))
        {
            // At the last marked syllable that still fits with its hyphen.
            var marks = Enumerable.Range(1, rest.Length - 1).Where(i => rest[i] == SoftHyphen[0]).Reverse();
            var mark = marks.FirstOrDefault(i => Fits(graphics, rest[..i] + "-", font, width));
            if (mark > 0)
            {
                lines.Add(rest[..mark] + "-");
                rest = rest[(mark + 1)..];
                continue;
            }

            var take = rest.Length - 1;
            while (take > 1 && !Fits(graphics, rest[..take], font, width))
            {
                take--;
            }

            lines.Add(rest[..take]);
            rest = rest[take..];
        }

        return rest;
    }
}
