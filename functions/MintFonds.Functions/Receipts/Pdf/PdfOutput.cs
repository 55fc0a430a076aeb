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

    /// <summary>Numbers the pages of a multi-page document ("Seite 1 von 3") and saves it as the copy asked for.</summary>
    public static byte[] Finish(PdfDocument document, DocumentStyle style, DocumentWording wording, PdfCopy copy = PdfCopy.Archive)
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

        Protect(document, copy);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>
    /// The archive copy is marked PDF/A (PDFsharp 6.2 offers only <c>SetPdfA()</c>, which writes the PDF/A identification
    /// and XMP metadata; fonts are embedded anyway; conformance is not validated here) and stays unencrypted, as PDF/A
    /// requires. The copy e-mailed to a donor is write-protected (BMF letter of 6.2.2017): AES-128 with a random owner
    /// password nobody keeps and no user password, printing allowed, changes, annotations and page assembly not.
    /// </summary>
    private static void Protect(PdfDocument document, PdfCopy copy)
    {
        if (copy == PdfCopy.Archive)
        {
            document.SetPdfA();
            return;
        }

        var security = document.SecuritySettings;
        security.OwnerPassword = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        security.PermitPrint = true;
        security.PermitFullQualityPrint = true;
        security.PermitExtractContent = true;
        security.PermitModifyDocument = false;
        security.PermitAnnotations = false;
        security.PermitFormsFill = false;
        security.PermitAssembleDocument = false;
        document.SecurityHandler.SetEncryptionToV4UsingAES(encryptMetadata: true);
    }
}

/// <summary>Which copy of a document to write.</summary>
public enum PdfCopy
{
    /// <summary>The kept copy: PDF/A identification, unencrypted.</summary>
    Archive,

    /// <summary>The copy sent to the recipient: write-protected (printing allowed, changes not).</summary>
    Sent,
}
