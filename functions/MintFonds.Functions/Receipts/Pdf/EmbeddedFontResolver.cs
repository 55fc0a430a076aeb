using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>
/// Serves DejaVu Sans from this assembly's resources. PDFsharp 6 finds no system fonts on Linux (where the Function
/// App runs), and a document must look the same on every host, so the font travels with the code and is embedded
/// (as a subset) in every PDF.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";

    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private readonly ConcurrentDictionary<string, byte[]> faces = new(StringComparer.Ordinal);

    /// <summary>
    /// Every family resolves to DejaVu Sans: it is the only font shipped, and PDFsharp asks for its own default
    /// family in places. Italic is simulated; the documents use none.
    /// </summary>
    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[]? GetFont(string faceName) => faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        var name = $"MintFonds.Fonts.{faceName}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource '{name}' is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
