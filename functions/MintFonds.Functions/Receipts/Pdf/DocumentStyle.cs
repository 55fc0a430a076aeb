using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>Fonts, pens and sizes of one rendering. A fresh set per document, so concurrent renders share no mutable drawing object.</summary>
internal sealed class DocumentStyle
{
    private readonly XPdfFontOptions unicode = new(PdfFontEncoding.Unicode);

    public DocumentStyle()
    {
        PdfFontSetup.EnsureConfigured();
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

    /// <summary>Space between a frame and the text inside it.</summary>
    public double Padding => 4;

    private XFont Font(double size, bool bold) =>
        // Unicode (Identity-H) encoding writes a ToUnicode map, so text copied from the PDF reads back correctly.
        new(EmbeddedFontResolver.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, unicode);
}
