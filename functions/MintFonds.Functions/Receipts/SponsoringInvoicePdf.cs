using System.Globalization;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Receipts.Wording;
using PdfSharp.Drawing;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Renders a sponsoring invoice as PDF: issuer, recipient, number, dates, the service, net / VAT / gross (or the
/// exemption text instead of VAT) and the payment already received. Safe to call concurrently.
/// </summary>
public static class SponsoringInvoicePdf
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static byte[] Render(SponsoringInvoiceDocument invoice) => Render(invoice, DocumentWording.German);

    /// <param name="brand">
    /// The fund's letterhead (logo, coloured rule) and colour of the issuer's name and the title. § 14 Abs. 4 UStG lists
    /// what an invoice must state, not how it looks: the mandatory data stay black body text.
    /// </param>
    public static byte[] Render(SponsoringInvoiceDocument invoice, DocumentWording wording, PdfCopy copy = PdfCopy.Archive, DocumentBrand? brand = null)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(wording);

        var texts = wording.SponsoringInvoice;
        var style = new DocumentStyle(brand);
        using var document = PdfOutput.Create(
            TextTemplate.Fill(texts.DocumentTitle, ("number", invoice.Number)), invoice.Issuer.LegalName, invoice.IssueDate);
        using (var flow = new PageFlow(document, style))
        {
            flow.PageBreaks = true;
            flow.NewPage();
            if (brand is not null)
            {
                Pdf.Letterhead.Draw(flow, brand);
            }

            Letterhead(flow, invoice, wording);
            flow.Paragraph(texts.Title, style.Title, 12, ink: style.BrandInk);
            Service(flow, invoice, wording);
            Amounts(flow, invoice, texts);
            flow.Gap(14);
            flow.Paragraph(
                TextTemplate.Fill(texts.PaymentNote, ("date", wording.Date(invoice.PaymentDate)), ("reference", invoice.BankReference)),
                style.Body);
        }

        return PdfOutput.Finish(document, style, wording, copy);
    }

    private static void Letterhead(PageFlow flow, SponsoringInvoiceDocument invoice, DocumentWording wording)
    {
        var texts = wording.SponsoringInvoice;
        var style = flow.Style;
        var address = invoice.Issuer.Address;
        flow.Paragraph(invoice.Issuer.LegalName, style.Heading, 1, ink: style.BrandInk);
        flow.Paragraph($"{address.Street} · {address.PostalCode} {address.City}", style.Small, 26);

        var top = flow.Y;
        var recipient = invoice.Recipient.AddressLines.Prepend(invoice.Recipient.Name).ToList();
        var recipientLines = recipient.SelectMany(line => flow.Wrap(line, style.Body, flow.Width * 0.55)).ToList();
        flow.DrawLines(recipientLines, style.Body, flow.Left, top);

        var facts = new List<(string Label, string Value)>
        {
            (texts.NumberLabel, invoice.Number),
            (texts.DateLabel, wording.Date(invoice.IssueDate)),
        };
        // § 14 Abs. 4 Nr. 2 UStG: the VAT id where there is one, else the tax number, each with its own label.
        if (invoice.IssuerVatId is { } vatId)
        {
            facts.Add((texts.VatIdLabel, vatId));
        }
        else if (invoice.Issuer.TaxNumber is { } taxNumber)
        {
            facts.Add((texts.TaxNumberLabel, taxNumber));
        }

        var lineHeight = PageFlow.LineHeight(style.Body);
        var labelLeft = flow.Left + (flow.Width * 0.6);
        for (var i = 0; i < facts.Count; i++)
        {
            flow.DrawLines([facts[i].Label], style.Body, labelLeft, top + (i * lineHeight));
            flow.DrawRightAligned(facts[i].Value, style.Body, flow.Right, top + (i * lineHeight));
        }

        flow.Y = top + (Math.Max(recipientLines.Count, facts.Count) * lineHeight) + 30;
    }

    private static void Service(PageFlow flow, SponsoringInvoiceDocument invoice, DocumentWording wording)
    {
        var texts = wording.SponsoringInvoice;
        var style = flow.Style;
        flow.Paragraph(texts.ServiceLabel, style.BodyBold, 2);
        flow.Paragraph(invoice.ServiceDescription, style.Body, 4);
        if (invoice.ServicePeriod is { } period)
        {
            var span = TextTemplate.Fill(texts.ServicePeriod, ("from", wording.Date(period.From)), ("to", wording.Date(period.To)));
            flow.Paragraph($"{texts.ServicePeriodLabel} {span}", style.Body);
        }

        flow.Gap(16);
    }

    private static void Amounts(PageFlow flow, SponsoringInvoiceDocument invoice, SponsoringInvoiceWording texts)
    {
        var style = flow.Style;
        flow.HorizontalRule(style.Frame, flow.Left, flow.Right);
        flow.Gap(4);
        if (invoice.Vat.RatePercent is { } rate)
        {
            AmountLine(flow, texts.NetLabel, invoice.Net, style.Body);
            AmountLine(flow, TextTemplate.Fill(texts.VatLabel, ("rate", rate.ToString("0.##", German))), invoice.VatAmount, style.Body);
            flow.Gap(2);
            flow.HorizontalRule(style.Rule, flow.Left, flow.Right);
            flow.Gap(4);
            AmountLine(flow, texts.GrossLabel, invoice.Gross, style.BodyBold);
        }
        else
        {
            AmountLine(flow, texts.ExemptTotalLabel, invoice.Gross, style.BodyBold);
        }

        flow.Gap(2);
        flow.HorizontalRule(style.Frame, flow.Left, flow.Right);
        flow.Gap(8);
        if (invoice.Vat.ExemptionText is { } exemption)
        {
            flow.Paragraph(exemption, style.Body);
        }
    }

    private static void AmountLine(PageFlow flow, string label, Euro amount, XFont font)
    {
        var height = PageFlow.LineHeight(font) + 3;
        flow.Need(height);
        flow.DrawLines([label], font, flow.Left, flow.Y);
        flow.DrawRightAligned(amount.ToGermanString(), font, flow.Right, flow.Y);
        flow.Gap(height);
    }
}
