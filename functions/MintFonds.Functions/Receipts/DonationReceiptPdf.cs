using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Receipts.Wording;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Renders a donation receipt as PDF: the receipt itself on exactly one A4 page following the official template for
/// legal persons under public law, and for a collective receipt the annex from page 2 on. Safe to call concurrently.
/// </summary>
public static class DonationReceiptPdf
{
    public static byte[] Render(DonationReceiptDocument receipt) => Render(receipt, DocumentWording.German);

    /// <param name="receipt">The receipt.</param>
    /// <param name="wording">The texts.</param>
    /// <param name="facsimile">The signatory's signature as PNG, for machine-made receipts; null prints none.</param>
    /// <param name="protection">Archive copy (PDF/A identification, unencrypted) or the copy sent to the donor (write-protected).</param>
    /// <param name="brand">
    /// The fund's letterhead: logo and a rule in its primary colour, in the top margin above the template's fields. The
    /// BMF letter on the official receipt templates (BMF 7.11.2013, IV C 4 - S 2223/07/0018 :005, Rn. 2–4) binds the
    /// wording and order of the prescribed passages and forbids thanks and advertising on the receipt, but leaves the
    /// visual design to the issuer; a letterhead naming the issuer is neither. So all prescribed text stays black.
    /// </param>
    /// <exception cref="InvalidOperationException">The receipt page would not fit on one page.</exception>
    public static byte[] Render(
        DonationReceiptDocument receipt, DocumentWording wording, byte[]? facsimile = null, PdfCopy protection = PdfCopy.Archive, DocumentBrand? brand = null)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(wording);

        var texts = wording.DonationReceipt;
        var title = TextTemplate.Fill(
            receipt.Kind == DonationReceiptKind.Collective ? texts.CollectiveDocumentTitle : texts.DocumentTitle, ("number", receipt.Number));
        var style = new DocumentStyle(brand);
        using var document = PdfOutput.Create(title, receipt.Issuer.LegalName, receipt.IssueDate);
        using (var flow = new PageFlow(document, style))
        {
            ReceiptPage.Draw(flow, receipt, wording, facsimile, brand);
            if (receipt.Kind == DonationReceiptKind.Collective)
            {
                CollectiveAnnex.Draw(flow, receipt, wording);
            }
        }

        return PdfOutput.Finish(document, style, wording, protection);
    }
}
