using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Receipts.Wording;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// "Anlage zur Sammelbestätigung": every donation of the collective receipt (date, type, waiver, amount) and their
/// total, starting on page 2. A long annex continues on further pages, each repeating the heading and column titles.
/// </summary>
internal static class CollectiveAnnex
{
    private const double CellPadding = 3;

    public static void Draw(PageFlow flow, DonationReceiptDocument receipt, DocumentWording wording)
    {
        var texts = wording.Annex;
        var style = flow.Style;
        var columns = Columns(flow);
        var rowHeight = PageFlow.LineHeight(style.Body) + (2 * CellPadding);

        flow.PageBreaks = true;
        flow.NewPage();
        Header(flow, receipt, wording, texts.Title);
        flow.ContinuationHeader = next => Header(next, receipt, wording, texts.ContinuedTitle);
        try
        {
            foreach (var row in receipt.Annex)
            {
                flow.Need(rowHeight);
                Row(flow, columns, wording.Date(row.Date), TypeText(row.Type, texts), texts.WaiverNo, row.Amount.ToGermanString(), bold: false);
                flow.HorizontalRule(style.Rule, flow.Left, flow.Right);
            }

            // The total stays with at least the line above it, never alone at the top of a page.
            flow.Need(rowHeight + 2);
            flow.Gap(1);
            flow.HorizontalRule(style.Frame, flow.Left, flow.Right);
            Row(flow, columns, texts.Total, string.Empty, string.Empty, receipt.Amount.ToGermanString(), bold: true);
        }
        finally
        {
            flow.ContinuationHeader = null;
        }
    }

    private static void Header(PageFlow flow, DonationReceiptDocument receipt, DocumentWording wording, string title)
    {
        var texts = wording.Annex;
        var style = flow.Style;
        var period = receipt.Period ?? throw new InvalidOperationException("A collective receipt has a period.");
        // "Anlage zur Sammelbestätigung vom <Datum>", as the template heads it, with the donor's name and the receipt's number.
        flow.Paragraph(TextTemplate.Fill(title, ("date", wording.Date(receipt.IssueDate))), style.Heading, 4);
        flow.Paragraph(TextTemplate.Fill(texts.NumberLine, ("number", receipt.Number)), style.Body);
        flow.Paragraph(TextTemplate.Fill(texts.DonorLine, ("donor", receipt.Donor.Name)), style.Body);
        flow.Paragraph(
            TextTemplate.Fill(texts.PeriodLine, ("from", wording.Date(period.From)), ("to", wording.Date(period.To))), style.Body, 12);

        var columns = Columns(flow);
        string[] titles = [texts.DateColumn, texts.TypeColumn, texts.WaiverColumn, texts.AmountColumn];
        var wrapped = titles.Select((text, i) => flow.Wrap(text, style.SmallBold, columns[i].Width - (2 * CellPadding))).ToList();
        var height = wrapped.Max(lines => PageFlow.Height(lines, style.SmallBold)) + (2 * CellPadding);
        flow.HorizontalRule(style.Frame, flow.Left, flow.Right);
        for (var i = 0; i < columns.Count; i++)
        {
            var top = flow.Y + height - CellPadding - PageFlow.Height(wrapped[i], style.SmallBold);
            if (i == columns.Count - 1)
            {
                flow.DrawRightAligned(wrapped[i][0], style.SmallBold, columns[i].Right - CellPadding, top);
            }
            else
            {
                flow.DrawLines(wrapped[i], style.SmallBold, columns[i].Left + CellPadding, top);
            }
        }

        flow.Gap(height);
        flow.HorizontalRule(style.Frame, flow.Left, flow.Right);
    }

    private static void Row(PageFlow flow, IReadOnlyList<Column> columns, string date, string type, string waiver, string amount, bool bold)
    {
        var style = flow.Style;
        var font = bold ? style.BodyBold : style.Body;
        var top = flow.Y + CellPadding;
        flow.DrawLines([date], font, columns[0].Left + CellPadding, top);
        flow.DrawLines([type], font, columns[1].Left + CellPadding, top);
        flow.DrawLines([waiver], font, columns[2].Left + CellPadding, top);
        flow.DrawRightAligned(amount, font, columns[3].Right - CellPadding, top);
        flow.Gap(PageFlow.LineHeight(font) + (2 * CellPadding));
    }

    private static string TypeText(ContributionType type, AnnexWording texts) => type switch
    {
        ContributionType.MembershipFee => texts.MembershipFee,
        _ => texts.MoneyDonation,
    };

    private static List<Column> Columns(PageFlow flow)
    {
        double[] widths = [0.2, 0.36, 0.24, 0.2];
        var columns = new List<Column>(widths.Length);
        var left = flow.Left;
        foreach (var share in widths)
        {
            var width = flow.Width * share;
            columns.Add(new Column(left, width));
            left += width;
        }

        return columns;
    }

    private sealed record Column(double Left, double Width)
    {
        public double Right => Left + Width;
    }
}
