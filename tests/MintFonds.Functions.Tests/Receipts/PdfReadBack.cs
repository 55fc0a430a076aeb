using System.Globalization;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Tokens;

namespace MintFonds.Functions.Tests.Receipts;

/// <summary>What a reader gets out of a rendered PDF: page text (whitespace collapsed), metadata and font embedding.</summary>
internal sealed partial class PdfReadBack
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private PdfReadBack(IReadOnlyList<string> pages, string? title, string? author, DateTimeOffset? created, IReadOnlyList<string> fontsWithoutFile, int fontCount)
    {
        Pages = pages;
        Title = title;
        Author = author;
        Created = created;
        FontsWithoutFile = fontsWithoutFile;
        FontCount = fontCount;
    }

    public IReadOnlyList<string> Pages { get; }

    public string Text => string.Join(' ', Pages);

    public string? Title { get; }

    public string? Author { get; }

    public DateTimeOffset? Created { get; }

    /// <summary>Fonts used on any page that carry no embedded font program (FontFile, FontFile2 or FontFile3).</summary>
    public IReadOnlyList<string> FontsWithoutFile { get; }

    public int FontCount { get; }

    public static PdfReadBack Of(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<string>();
        var unembedded = new List<string>();
        var fonts = 0;
        foreach (var page in document.GetPages())
        {
            pages.Add(Whitespace().Replace(ContentOrderTextExtractor.GetText(page), " ").Trim());
            foreach (var (name, font) in PageFonts(document, page.Dictionary))
            {
                fonts++;
                if (!HasFontFile(document, font))
                {
                    unembedded.Add(name);
                }
            }
        }

        var info = document.Information;
        return new PdfReadBack(pages, info.Title, info.Author, info.GetCreatedDateTimeOffset(), unembedded, fonts);
    }

    /// <summary>Every German euro amount ("1.250,00 €") in the text, in reading order.</summary>
    public static IReadOnlyList<decimal> Amounts(string text) =>
        Amount().Matches(text).Select(match => decimal.Parse(match.Groups[1].Value, NumberStyles.Number, German)).ToList();

    private static IEnumerable<(string Name, DictionaryToken Font)> PageFonts(PdfDocument document, DictionaryToken page)
    {
        if (Resolve(document, page.Data.GetValueOrDefault("Resources")) is not DictionaryToken resources
            || Resolve(document, resources.Data.GetValueOrDefault("Font")) is not DictionaryToken fonts)
        {
            yield break;
        }

        foreach (var (name, token) in fonts.Data)
        {
            yield return (name, (DictionaryToken)Resolve(document, token)!);
        }
    }

    private static bool HasFontFile(PdfDocument document, DictionaryToken font)
    {
        // A composite (Type0) font keeps its font program in the descriptor of its descendant CID font.
        if (Resolve(document, font.Data.GetValueOrDefault("DescendantFonts")) is ArrayToken descendants)
        {
            return descendants.Data.All(child => Resolve(document, child) is DictionaryToken cid && HasFontFile(document, cid));
        }

        return Resolve(document, font.Data.GetValueOrDefault("FontDescriptor")) is DictionaryToken descriptor
            && (descriptor.Data.ContainsKey("FontFile") || descriptor.Data.ContainsKey("FontFile2") || descriptor.Data.ContainsKey("FontFile3"));
    }

    private static IToken? Resolve(PdfDocument document, IToken? token) =>
        token is IndirectReferenceToken reference ? document.Structure.GetObject(reference.Data).Data : token;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(\d{1,3}(?:\.\d{3})*,\d{2}) €")]
    private static partial Regex Amount();
}
