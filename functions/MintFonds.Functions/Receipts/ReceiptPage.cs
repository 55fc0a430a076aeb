using MintFonds.Core.Money;
using MintFonds.Core.Funds;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Receipts.Wording;
using PdfSharp.Drawing;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// The one page of a donation receipt, field by field in the order of the official template: issuer, title, donor,
/// amount in figures and words with the date (or period), expense waiver, purpose, use, place and date, the liability
/// notice. Only passages that apply are printed; nothing else (no thanks, no advertising) may appear on it.
/// </summary>
internal static class ReceiptPage
{
    private const string Unchecked = "☐";
    private const string Checked = "☒";
    private const double FieldGap = 8;
    private const double ParagraphGap = 9;

    /// <param name="flow">The page flow to draw on.</param>
    /// <param name="receipt">The receipt.</param>
    /// <param name="wording">The texts.</param>
    /// <param name="facsimile">A PNG of the signatory's signature, printed on machine-made receipts (R 10b.1 Abs. 4 EStR).</param>
    /// <param name="brand">The fund's letterhead (logo, coloured rule) in the top margin; null: none.</param>
    public static void Draw(PageFlow flow, DonationReceiptDocument receipt, DocumentWording wording, byte[]? facsimile = null, DocumentBrand? brand = null)
    {
        var texts = wording.DonationReceipt;
        var style = flow.Style;
        flow.PageBreaks = false;
        flow.NewPage();
        if (brand is not null)
        {
            Letterhead.Draw(flow, brand);
        }

        // Passed-on donations carry the § 63 Abs. 5 AO notice beside the liability notice.
        var noticeText = receipt.Use.IsPassedOn ? texts.LiabilityNotice + "\n" + texts.PassOnNotice : texts.LiabilityNotice;
        var notice = flow.Wrap(noticeText, style.Small, flow.Width);
        var noticeHeight = PageFlow.LineHeight(style.SmallBold) + PageFlow.Height(notice, style.Small);
        flow.ContentBottom = flow.PageBottom - noticeHeight - 14;

        Issuer(flow, receipt, texts);
        Title(flow, receipt, texts);
        FormFields.Row(flow, [new FormField(flow.Width, texts.DonorLabel, DonorText(receipt.Donor), style.Body)]);
        flow.Gap(FieldGap);
        Amounts(flow, receipt, wording);
        flow.Gap(ParagraphGap + 2);

        var collective = receipt.Kind == DonationReceiptKind.Collective;
        if (!collective)
        {
            ExpenseWaiver(flow, texts);
        }

        flow.Paragraph(TextTemplate.Fill(texts.PurposeConfirmation, ("purpose", receipt.Issuer.PurposeText)), style.Body, ParagraphGap);
        flow.Paragraph(UseText(receipt.Use, texts), style.Body, ParagraphGap);
        if (collective)
        {
            flow.Paragraph(texts.NoOtherReceipts, style.Body, ParagraphGap);
            flow.Paragraph(texts.CollectiveExpenseWaiver, style.Body, ParagraphGap);
        }

        PlaceDateAndSignature(flow, receipt, wording, facsimile);

        var noticeTop = flow.PageBottom - noticeHeight;
        flow.DrawLines([texts.NoticeHeading], style.SmallBold, flow.Left, noticeTop);
        flow.DrawLines(notice, style.Small, flow.Left, noticeTop + PageFlow.LineHeight(style.SmallBold));
    }

    private static void Issuer(PageFlow flow, DonationReceiptDocument receipt, DonationReceiptWording texts)
    {
        var style = flow.Style;
        var number = TextTemplate.Fill(texts.NumberLine, ("number", receipt.Number));
        var numberWidth = flow.Graphics.MeasureString(number, style.BodyBold).Width;
        var issuerWidth = Math.Min(flow.Width * 0.62, flow.Width - numberWidth - 24);
        var top = flow.Y;
        FormFields.Row(flow, [new FormField(issuerWidth, texts.IssuerLabel, IssuerText(receipt.Issuer), style.Body)]);
        flow.DrawRightAligned(number, style.BodyBold, flow.Right, flow.Y - PageFlow.LineHeight(style.BodyBold) - style.Padding);

        // A replacement says so in the issuer's own header area, beside its number — outside the template's form fields.
        if (receipt.Replaces is { } replaced)
        {
            var lines = flow.Wrap(TextTemplate.Fill(texts.ReplacesLine, ("replaced", replaced)), style.SmallBold, flow.Width - issuerWidth - 16);
            flow.DrawLines(lines, style.SmallBold, flow.Left + issuerWidth + 16, top);
        }

        flow.Gap(20);
    }

    private static void Title(PageFlow flow, DonationReceiptDocument receipt, DonationReceiptWording texts)
    {
        var style = flow.Style;
        var collective = receipt.Kind == DonationReceiptKind.Collective;
        flow.Paragraph(collective ? texts.CollectiveTitle : texts.Title, style.Title, 2);
        flow.Paragraph(texts.TitleQualifier, style.Body, ParagraphGap + 3);
    }

    private static void Amounts(PageFlow flow, DonationReceiptDocument receipt, DocumentWording wording)
    {
        var texts = wording.DonationReceipt;
        var style = flow.Style;
        var usable = flow.Width - (2 * FieldGap);
        var figures = receipt.Amount.ToGermanString();
        if (receipt is { Kind: DonationReceiptKind.Collective, Period: { } period })
        {
            var periodText = TextTemplate.Fill(texts.Period, ("from", wording.Date(period.From)), ("to", wording.Date(period.To)));
            FormFields.Row(flow, [
                new FormField(usable * 0.27, texts.CollectiveAmountFiguresLabel, figures, style.BodyBold),
                new FormField(usable * 0.42, texts.AmountWordsLabel, GermanAmountInWords.WithBreakPoints(receipt.AmountInWords), style.Body),
                new FormField(usable * 0.31, texts.PeriodLabel, periodText, style.Body),
            ]);
            return;
        }

        var day = receipt.DonationDate ?? throw new InvalidOperationException("An individual receipt has a donation date.");
        FormFields.Row(flow, [
            new FormField(usable * 0.27, texts.AmountFiguresLabel, figures, style.BodyBold),
            new FormField(usable * 0.48, texts.AmountWordsLabel, GermanAmountInWords.WithBreakPoints(receipt.AmountInWords), style.Body),
            new FormField(usable * 0.25, texts.DonationDateLabel, wording.Date(day), style.Body),
        ]);
    }

    /// <summary>The question with "Ja ☐ Nein ☒" after it, glyphs on the text's baseline.</summary>
    private static void ExpenseWaiver(PageFlow flow, DonationReceiptWording texts)
    {
        const double LabelToBox = 3;
        const double OptionGap = 16;
        var style = flow.Style;

        // Money paid in is never a waived refund of expenses, so "Nein" is always the checked box.
        (string Label, string Box)[] options = [(texts.Yes, Unchecked), (texts.No, Checked)];
        double Measure(string text, XFont font) => flow.Graphics.MeasureString(text, font).Width;
        var optionsWidth = options.Sum(option => Measure(option.Label, style.Body) + LabelToBox + Measure(option.Box, style.CheckBox) + OptionGap);

        var lines = flow.Wrap(texts.ExpenseWaiverQuestion, style.Body, flow.Width - optionsWidth);
        var height = Math.Max(PageFlow.Height(lines, style.Body), PageFlow.LineHeight(style.CheckBox));
        flow.Need(height);
        flow.DrawLines(lines, style.Body, flow.Left, flow.Y);

        var baseline = flow.Y + ((lines.Count - 1) * PageFlow.LineHeight(style.Body)) + PageFlow.Ascent(style.Body);
        var x = flow.Left + Measure(lines[^1], style.Body);
        foreach (var (label, box) in options)
        {
            x += OptionGap;
            flow.Graphics.DrawString(label, style.Body, style.Ink, x, baseline, XStringFormats.BaseLineLeft);
            x += Measure(label, style.Body) + LabelToBox;
            flow.Graphics.DrawString(box, style.CheckBox, style.Ink, x, baseline, XStringFormats.BaseLineLeft);
            x += Measure(box, style.CheckBox);
        }

        flow.Y += height + ParagraphGap;
    }

    /// <summary>
    /// Place and date, then either the space for a handwritten signature, or — for a machine-made receipt, valid without
    /// one (R 10b.1 Abs. 4 EStR) — the optional facsimile, the signatory and the notification to the tax office.
    /// </summary>
    private static void PlaceDateAndSignature(PageFlow flow, DonationReceiptDocument receipt, DocumentWording wording, byte[]? facsimile)
    {
        var texts = wording.DonationReceipt;
        var style = flow.Style;
        var issuer = receipt.Issuer;
        var machineMade = issuer.IssuesMachineMadeReceipts;
        var placeAndDate = TextTemplate.Fill(texts.PlaceAndDate, ("place", issuer.ReceiptPlace), ("date", wording.Date(receipt.IssueDate)));
        var signatory = issuer.Signatory is { } who ? TextTemplate.Fill(texts.SignatoryLine, ("name", who.Name), ("function", who.Function)) : null;
        var note = machineMade
            ? flow.Wrap(TextTemplate.Fill(texts.MachineMadeNote, ("taxOffice", issuer.MachineProcedure!.TaxOffice), ("date", wording.Date(issuer.MachineProcedure.NotifiedOn))), style.Small, flow.Width)
            : [];

        // A signed receipt needs room for the signature above the line, and so does a facsimile.
        var signatureSpace = machineMade && facsimile is null ? 4 : 34;
        var needed = PageFlow.LineHeight(style.Body) + signatureSpace + PageFlow.LineHeight(style.Small) + 6
            + (signatory is null ? 0 : PageFlow.LineHeight(style.Body)) + PageFlow.Height(note, style.Small) + 4;
        flow.Gap(14);
        flow.Need(needed);
        flow.Paragraph(placeAndDate, style.Body);
        if (machineMade && facsimile is not null)
        {
            using var image = XImage.FromStream(new MemoryStream(facsimile));
            var height = signatureSpace - 2;
            var width = Math.Min(flow.Width * 0.4, height * image.PixelWidth / Math.Max(1, image.PixelHeight));
            flow.Graphics.DrawImage(image, flow.Left, flow.Y, width, height);
        }

        flow.Gap(signatureSpace);
        flow.HorizontalRule(style.Frame, flow.Left, flow.Left + (flow.Width * 0.62));
        flow.Gap(2);
        flow.Paragraph(texts.SignatureLabel, style.Small, signatory is null ? 6 : 1);
        if (signatory is not null)
        {
            flow.Paragraph(signatory, style.Body, 4);
        }

        if (note.Count > 0)
        {
            flow.Need(PageFlow.Height(note, style.Small));
            flow.DrawLines(note, style.Small, flow.Left, flow.Y);
            flow.Y += PageFlow.Height(note, style.Small);
        }
    }

    private static string IssuerText(FundOperator issuer)
    {
        var address = issuer.Address;
        var lines = new List<string> { issuer.LegalName, address.Street, $"{address.PostalCode} {address.City}" };
        if (!string.Equals(address.Country, "DE", StringComparison.OrdinalIgnoreCase))
        {
            lines.Add(address.Country);
        }

        return string.Join('\n', lines);
    }

    private static string DonorText(Addressee donor) => string.Join('\n', donor.AddressLines.Prepend(donor.Name));

    private static string UseText(DonationUse use, DonationReceiptWording texts) =>
        use.IsPassedOn
            ? TextTemplate.Fill(texts.UsePassedOn, ("recipient", use.Recipient!), ("exemption", use.Exemption!))
            : texts.UseDirect;
}
