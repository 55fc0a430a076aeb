using System.Globalization;
using MintFonds.Functions.Receipts.Wording;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>Creates a PDF with its metadata and turns the finished document into bytes.</summary>
internal static class PdfOutput
{
    /// <summary>
    /// The creation date is the document's issue date (midnight), not the clock: the same document then renders to the
    /// same text and metadata, which keeps tests and re-rendered copies comparable.
    /// </summary>
    public static PdfDocument Create(string title, string author, DateOnly issued)
    {
        var document = new PdfDocument();
        var stamp = issued.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        document.Info.Title = title;
        document.Info.Author = author;
        document.Info.Creator = "MintFonds";
        document.Info.CreationDate = stamp;
        document.Info.ModificationDate = stamp;
        document.Language = "de-DE";
        document.ViewerPreferences.DisplayDocTitle = true;
        return document;
    }

    /// <summary>Numbers the pages of a multi-page document ("Seite 1 von 3") and saves it.</summary>
    public static byte[] Finish(PdfDocument document, DocumentStyle style, DocumentWording wording)
    {
        var count = document.PageCount;
        if (count > 1)
        {
            for (var index = 0; index < count; index++)
            {
                var page = document.Pages[index];
                using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var text = TextTemplate.Fill(
                    wording.PageOfPages,
                    ("page", (index + 1).ToString(CultureInfo.InvariantCulture)),
                    ("pages", count.ToString(CultureInfo.InvariantCulture)));
                var left = page.Width.Point - PageFlow.SideMargin - graphics.MeasureString(text, style.Small).Width;
                graphics.DrawString(text, style.Small, style.Ink, left, page.Height.Point - 34, XStringFormats.TopLeft);
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
