using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>Fonts, pens and sizes of one rendering. A fresh set per document, so concurrent renders share no mutable drawing object.</summary>
internal sealed class DocumentStyle
{
    private readonly XPdfFontOptions unicode = new(PdfFontEncoding.Unicode);

    /// <param name="brand">The fund's look; null: the defaults (no logo).</param>
    public DocumentStyle(DocumentBrand? brand = null)
    {
        PdfFontSetup.EnsureConfigured();
        // Without a brand the documents look as they always did: black headings, grey rules.
        Brand = brand ?? DocumentBrand.Plain;
        BrandInk = brand is null ? Ink : new XSolidBrush(brand.Colour);
        BrandRule = brand is null ? Rule : new XPen(brand.Colour, 0.8);
        Title = Font(13.5, bold: true);
        Heading = Font(11, bold: true);
        Body = Font(10, bold: false);
        BodyBold = Font(10, bold: true);
        Small = Font(8, bold: false);
        SmallBold = Font(8, bold: true);
        CheckBox = Font(12.5, bold: false);
    }

    public XFont Title { get; }

    public XFont Heading { get; }

    public XFont Body { get; }

    public XFont BodyBold { get; }

    /// <summary>Field labels, the liability notice and footers.</summary>
    public XFont Small { get; }

    public XFont SmallBold { get; }

    /// <summary>The ballot-box glyphs (☐ ☒), a little larger than the text beside them.</summary>
    public XFont CheckBox { get; }

    public XPen Frame { get; } = new(XColors.Black, 0.6);

    public XPen Rule { get; } = new(XColors.DarkGray, 0.4);

    public XBrush Ink { get; } = XBrushes.Black;

    /// <summary>The fund's look (<see cref="Letterhead"/>); its colour is for headings and rules, never for prescribed wording.</summary>
    public DocumentBrand Brand { get; }

    /// <summary>Headings in the fund's primary colour (readable on white: at least 4.5:1, see <c>BrandingValidator</c>).</summary>
    public XBrush BrandInk { get; }

    public XPen BrandRule { get; }

    /// <summary>Space between a frame and the text inside it.</summary>
    public double Padding => 4;

    private XFont Font(double size, bool bold) =>
        // Unicode (Identity-H) encoding writes a ToUnicode map, so text copied from the PDF reads back correctly.
        new(EmbeddedFontResolver.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, unicode);
}
