using PdfSharp.Drawing;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>Greedy line breaking at spaces; "\n" starts a new line. No hyphenation, so every word reads back whole.</summary>
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

        return lines;
    }

    private static bool Fits(XGraphics graphics, string text, XFont font, double width) =>
        graphics.MeasureString(text, font).Width <= width;

    /// <summary>A word wider than the column (a very long amount in words) is cut where it must; returns the last piece.</summary>
    private static string BreakLongWord(XGraphics graphics, string word, XFont font, double width, List<string> lines)
    {
        var rest = word;
        while (!Fits(graphics, rest, font, width))
        {
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
