using System.Globalization;
using MintFonds.Core.Funds;
using PdfSharp.Drawing;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>
/// A fund's look on its documents: its primary colour (a <c>#RRGGBB</c> readable on white, see
/// <see cref="BrandingValidator"/>) and its uploaded logo (PNG or JPEG bytes; null prints none).
/// </summary>
public sealed record DocumentBrand(string PrimaryColor, byte[]? Logo)
{
    /// <summary>The defaults: no logo, the default primary colour.</summary>
    public static readonly DocumentBrand Plain = new(FundBranding.Default.PrimaryColor, null);

    internal XColor Colour => XColor.FromArgb(
        Channel(1), Channel(3), Channel(5));

    private int Channel(int at) => int.Parse(PrimaryColor.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

/// <summary>
/// The fund's letterhead in the top margin of page 1, above everything a document prescribes: the logo (at most
/// <see cref="LogoHeight"/> high, left-aligned) and a thin rule in the fund's primary colour under it. It lies outside
/// the flow of the page (<see cref="PageFlow"/> starts below it), so it never pushes a one-page receipt onto a second page.
/// </summary>
internal static class Letterhead
{
    public const double LogoTop = 12;
    public const double LogoHeight = 28;
    public const double RuleY = 44;
    private const double MaxLogoWidth = 170;

    public static void Draw(PageFlow flow, DocumentBrand brand)
    {
        if (brand.Logo is { } logo)
        {
            using var image = XImage.FromStream(new MemoryStream(logo));
            var width = Math.Min(MaxLogoWidth, LogoHeight * image.PixelWidth / Math.Max(1, image.PixelHeight));
            var height = Math.Min(LogoHeight, width * image.PixelHeight / Math.Max(1, image.PixelWidth));
            flow.Graphics.DrawImage(image, flow.Left, LogoTop + (LogoHeight - height), width, height);
        }

        flow.Graphics.DrawLine(new XPen(brand.Colour, 1.2), flow.Left, RuleY, flow.Right, RuleY);
    }

    /// <summary>Whether PDFsharp can place the image at all: checked once at upload, so no document fails on it later.</summary>
    public static bool CanPrint(byte[] image)
    {
        try
        {
            PdfFontSetup.EnsureConfigured();
            using var document = new PdfSharp.Pdf.PdfDocument();
            using (var flow = new PageFlow(document, new DocumentStyle()))
            {
                flow.NewPage();
                Draw(flow, new DocumentBrand(FundBranding.Default.PrimaryColor, image));
            }

            using var output = new MemoryStream();
            document.Save(output, closeStream: false);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }
}
