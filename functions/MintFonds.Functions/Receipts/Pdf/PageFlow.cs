using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>
/// A top-to-bottom writing cursor over A4 pages. With <see cref="PageBreaks"/> off, content that does not fit throws
/// instead of spilling over: a donation receipt must stay on one page.
/// </summary>
internal sealed class PageFlow : IDisposable
{
    public const double SideMargin = 56.7; // 2 cm
    private const double TopMargin = 48;
    private const double BottomMargin = 50; // leaves room for the page footer

    private readonly PdfDocument document;
    private XGraphics? graphics;

    public PageFlow(PdfDocument document, DocumentStyle style)
    {
        this.document = document;
        Style = style;
    }

    public DocumentStyle Style { get; }

    public XGraphics Graphics => graphics ?? throw new InvalidOperationException("Start a page first.");

    public double Y { get; set; }

    public double Left => SideMargin;

    public double Right => PageWidth - SideMargin;

    public double Width => Right - Left;

    public double PageWidth { get; private set; }

    public double PageBottom { get; private set; }

    /// <summary>The lowest point content may reach on this page; raised to keep room for a block anchored at the bottom.</summary>
    public double ContentBottom { get; set; }

    public bool PageBreaks { get; set; }

    /// <summary>Drawn at the top of every page that a page break starts (e.g. a repeated table header).</summary>
    public Action<PageFlow>? ContinuationHeader { get; set; }

    public void NewPage()
    {
        graphics?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        PageWidth = page.Width.Point;
        PageBottom = page.Height.Point - BottomMargin;
        ContentBottom = PageBottom;
        graphics = XGraphics.FromPdfPage(page);
        Y = TopMargin;
    }

    /// <summary>Makes sure the next <paramref name="height"/> points fit, breaking the page if allowed.</summary>
    public void Need(double height)
    {
        if (Y + height <= ContentBottom)
        {
            return;
        }

        if (!PageBreaks)
        {
            throw new InvalidOperationException(
                $"The content does not fit on one page (needs {height:0} pt more at {Y:0} pt, limit {ContentBottom:0} pt).");
        }

        NewPage();
        ContinuationHeader?.Invoke(this);
    }

    public IReadOnlyList<string> Wrap(string text, XFont font, double width) => TextWrapper.Wrap(Graphics, text, font, width);

    public static double LineHeight(XFont font) => font.GetHeight();

    /// <summary>Distance from the top of a line to its baseline, for aligning text of different sizes on one line.</summary>
    public static double Ascent(XFont font) => font.Size * font.CellAscent / font.Metrics.UnitsPerEm;

    public static double Height(IReadOnlyList<string> lines, XFont font) => lines.Count * LineHeight(font);

    /// <summary>Draws lines from a top-left corner without moving the cursor.</summary>
    public void DrawLines(IReadOnlyList<string> lines, XFont font, double x, double top, XBrush? ink = null)
    {
        var lineHeight = LineHeight(font);
        for (var i = 0; i < lines.Count; i++)
        {
            Graphics.DrawString(lines[i], font, ink ?? Style.Ink, x, top + (i * lineHeight), XStringFormats.TopLeft);
        }
    }

    /// <summary>Draws one line so that it ends at <paramref name="right"/>.</summary>
    public void DrawRightAligned(string text, XFont font, double right, double top)
    {
        var width = Graphics.MeasureString(text, font).Width;
        Graphics.DrawString(text, font, Style.Ink, right - width, top, XStringFormats.TopLeft);
    }

    /// <summary>A wrapped paragraph across the full width (less an indent), moving the cursor below it.</summary>
    public void Paragraph(string text, XFont font, double spaceAfter = 0, double indent = 0, XBrush? ink = null)
    {
        var lines = Wrap(text, font, Width - indent);
        var height = Height(lines, font);
        Need(height);
        DrawLines(lines, font, Left + indent, Y, ink);
        Y += height + spaceAfter;
    }

    public void Gap(double height) => Y += height;

    public void HorizontalRule(XPen pen, double left, double right) => Graphics.DrawLine(pen, left, Y, right, Y);

    public void Dispose()
    {
        graphics?.Dispose();
        graphics = null;
    }
}
