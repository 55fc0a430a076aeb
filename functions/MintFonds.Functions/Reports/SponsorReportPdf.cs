using System.Globalization;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Reports.Wording;
using PdfSharp.Drawing;

namespace MintFonds.Functions.Reports;

/// <summary>
/// Renders a sponsor's quarterly report: A4, the receipts' fonts, margins and page footer (see <see cref="PageFlow"/>),
/// in the sponsor's language. The two charts (money by education stage; the fund's money per quarter) are drawn as
/// vector paths and rectangles with XGraphics, never as images, so they stay sharp in print. Projects are named only
/// where the applicant consented to publication (see <see cref="SponsorReportSource"/>); the rest are counted per
/// education stage. Safe to call concurrently (a fresh style per document).
/// </summary>
public static class SponsorReportPdf
{
    private static readonly XColor Accent = XColor.FromArgb(0x0b, 0x53, 0x94);
    private static readonly XColor AccentLight = XColor.FromArgb(0x6f, 0xa8, 0xdc);
    private static readonly XColor Neutral = XColor.FromArgb(0x9c, 0xa3, 0xaf);

    public static byte[] Render(SponsorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var w = ReportWording.For(report.Language);
        // The fund's look: its letterhead on page 1, its primary colour on the title, the headings and their rules.
        var style = new DocumentStyle(report.Brand);
        var quarter = report.Quarter.Quarter.ToString(CultureInfo.InvariantCulture);
        var year = report.Quarter.Year.ToString(CultureInfo.InvariantCulture);
        using var document = PdfOutput.Create(
            ReportWording.Fill(w.DocumentTitle, ("quarter", quarter), ("year", year), ("sponsor", report.SponsorName)), report.IssuerName, report.IssuedOn);
        document.Language = report.Language == "en" ? "en-GB" : "de-DE";
        var footer = ReportWording.Fill(w.Footer, ("issuer", report.IssuerName), ("fund", report.FundName), ("quarter", quarter), ("year", year));
        using (var flow = new PageFlow(document, style))
        {
            flow.PageBreaks = true;
            flow.ContinuationHeader = f => Footer(f, footer);
            flow.NewPage();
            Footer(flow, footer);
            if (report.Brand is { } brand)
            {
                Letterhead.Draw(flow, brand);
            }

            flow.Paragraph(report.IssuerName, style.Heading, 1, ink: style.BrandInk);
            flow.Paragraph(report.FundName, style.Small, 18);
            flow.Paragraph(report.SponsorName, style.BodyBold, 6);
            flow.Paragraph(ReportWording.Fill(w.Title, ("quarter", quarter), ("year", year)), style.Title, 3, ink: style.BrandInk);
            flow.Paragraph(
                ReportWording.Fill(w.Period, ("from", w.Date(report.Quarter.FirstDay)), ("to", w.Date(report.Quarter.LastDay)), ("issued", w.Date(report.IssuedOn))),
                style.Small, 10);
            flow.Paragraph(ReportWording.Fill(w.Greeting, ("sponsor", report.SponsorName), ("fund", report.FundName)), style.Body, 12);

            Heading(flow, w.YourMoney);
            Facts(flow, [
                (w.PaidInQuarter, w.Money(report.PaidInQuarter)),
                (w.PaidTotal, w.Money(report.PaidTotal)),
                (w.Allocated, w.Money(report.Allocated)),
                (w.Available, w.Money(report.Available)),
                (w.ProjectsFunded, w.Number(report.ProjectsFunded)),
                (w.ParticipantsReached, w.Number(report.ParticipantsReached)),
            ]);

            var stageBars = Enum.GetValues<EducationStage>()
                .Where(report.MoneyByStage.ContainsKey)
                .Select(s => (w.Stages[s.ToString()], report.MoneyByStage[s].Cents, Accent))
                .Append((w.Available, report.Available.Cents, Neutral))
                .ToList();
            HorizontalBarChart(flow, w.ChartByStage, stageBars, w);

            Payments(flow, report, w);
            Grants(flow, report, w);
            EarmarkTable(flow, report, w);
            Fund(flow, report, w, quarter, year);
        }

        var pages = Receipts.Wording.DocumentWording.German with { PageOfPages = w.PageOfPages };
        return PdfOutput.Finish(document, style, pages);
    }

    private static void Footer(PageFlow flow, string text) =>
        flow.Graphics.DrawString(text, flow.Style.Small, flow.Style.Ink, flow.Left, flow.PageBottom + 16, XStringFormats.TopLeft);

    private static void Heading(PageFlow flow, string text)
    {
        flow.Need(70); // a heading never stands alone at the foot of a page
        flow.Gap(8);
        flow.Paragraph(text, flow.Style.Heading, 2, ink: flow.Style.BrandInk);
        flow.HorizontalRule(flow.Style.BrandRule, flow.Left, flow.Right);
        flow.Gap(5);
    }

    private static void Facts(PageFlow flow, IReadOnlyList<(string Label, string Value)> facts)
    {
        var style = flow.Style;
        var line = PageFlow.LineHeight(style.Body) + 2;
        foreach (var (label, value) in facts)
        {
            flow.Need(line);
            flow.Graphics.DrawString(label, style.Body, style.Ink, flow.Left, flow.Y, XStringFormats.TopLeft);
            flow.DrawRightAligned(value, style.BodyBold, flow.Left + (flow.Width * 0.75), flow.Y);
            flow.Y += line;
        }
    }

    /// <summary>A table: header, then rows; each cell wraps in its column; the last column is right-aligned.</summary>
    private static void Table(PageFlow flow, IReadOnlyList<(string Header, double Share)> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var style = flow.Style;
        var lefts = new List<double>();
        var x = flow.Left;
        foreach (var column in columns)
        {
            lefts.Add(x);
            x += flow.Width * column.Share;
        }

        void Header(PageFlow f)
        {
            var height = PageFlow.LineHeight(style.SmallBold) + 3;
            f.Need(height + 14);
            for (var i = 0; i < columns.Count; i++)
            {
                if (i == columns.Count - 1)
                {
                    f.DrawRightAligned(columns[i].Header, style.SmallBold, f.Right, f.Y);
                }
                else
                {
                    f.Graphics.DrawString(columns[i].Header, style.SmallBold, style.Ink, lefts[i], f.Y, XStringFormats.TopLeft);
                }
            }

            f.Y += height;
            f.HorizontalRule(style.Rule, f.Left, f.Right);
            f.Gap(3);
        }

        Header(flow);
        foreach (var row in rows)
        {
            var cells = row.Select((text, i) => (IReadOnlyList<string>)[.. text.Split('\n').SelectMany(part => flow.Wrap(part, style.Body, (flow.Width * columns[i].Share) - 6))]).ToList();
            var height = cells.Max(c => PageFlow.Height(c, style.Body)) + 4;
            if (flow.Y + height > flow.ContentBottom)
            {
                flow.Need(height);
                Header(flow);
            }

            for (var i = 0; i < cells.Count; i++)
            {
                if (i == cells.Count - 1)
                {
                    flow.DrawRightAligned(cells[i].Count > 0 ? cells[i][0] : string.Empty, style.Body, flow.Right, flow.Y);
                }
                else
                {
                    flow.DrawLines(cells[i], style.Body, lefts[i], flow.Y);
                }
            }

            flow.Y += height;
        }

        flow.Gap(4);
    }

    private static void Payments(PageFlow flow, SponsorReport report, ReportWording w)
    {
        Heading(flow, w.PaymentsHeading);
        if (report.Payments.Count == 0)
        {
            flow.Paragraph(w.NoPayments, flow.Style.Body, 4);
            return;
        }

        Table(
            flow,
            [(w.PaymentDate, 0.2), (w.PaymentKind, 0.15), (w.PaymentEarmark, 0.45), (w.PaymentAmount, 0.2)],
            report.Payments.Select(p => (IReadOnlyList<string>)
            [
                w.Date(p.ValueDate) + (report.Quarter.Contains(p.ValueDate) ? " *" : string.Empty),
                w.Kinds.GetValueOrDefault(p.Kind, p.Kind),
                w.Earmark(p.Earmark),
                w.Money(p.Amount),
            ]));
        flow.Paragraph("* " + w.PaymentInQuarter, flow.Style.Small, 4);
    }

    private static void Grants(PageFlow flow, SponsorReport report, ReportWording w)
    {
        Heading(flow, w.GrantsHeading);
        if (report.ProjectsFunded == 0)
        {
            flow.Paragraph(w.NoGrants, flow.Style.Body, 4);
            return;
        }

        if (report.NamedGrants.Count > 0)
        {
            Table(
                flow,
                [(w.GrantProject, 0.35), (w.GrantStage, 0.24), (w.GrantStatus, 0.17), (w.GrantParticipants, 0.1), (w.GrantAmount, 0.14)],
                report.NamedGrants.Select(g => (IReadOnlyList<string>)
                [
                    $"{g.Title}\n{g.Institution}{(g.District is null ? string.Empty : ", " + g.District)}",
                    string.Join(", ", g.Stages.Select(s => w.Stages[s.ToString()])) + " · " + string.Join(", ", g.Fields.Select(f => w.Fields[f.ToString()])),
                    w.Statuses[g.Status.ToString()],
                    g.Participants is { } p ? w.Number(p) : "–",
                    w.Money(g.FromSponsor),
                ]));
        }

        foreach (var group in report.OtherGrants)
        {
            var stage = w.StagePhrases[group.Stage?.ToString() ?? "none"];
            var text = ReportWording.Fill(
                group.Count == 1 ? w.OthersOne : w.OthersMany,
                ("count", w.Number(group.Count)), ("stage", stage), ("amount", w.Money(group.FromSponsor)));
            flow.Paragraph("• " + text, flow.Style.Body, 3);
        }
    }

    private static void EarmarkTable(PageFlow flow, SponsorReport report, ReportWording w)
    {
        if (report.Earmarks.Count == 0)
        {
            return;
        }

        Heading(flow, w.EarmarksHeading);
        Table(
            flow,
            [(w.EarmarkName, 0.3), (w.EarmarkPromised, 0.14), (w.EarmarkPaidIn, 0.14), (w.EarmarkAllocated, 0.14), (w.EarmarkToCome, 0.14), (w.EarmarkAvailable, 0.14)],
            report.Earmarks.Select(e => (IReadOnlyList<string>)
                [w.Earmark(e.Earmark), w.Money(e.Promised), w.Money(e.PaidIn), w.Money(e.Allocated), w.Money(e.StillToCome), w.Money(e.Available)]));
    }

    private static void Fund(PageFlow flow, SponsorReport report, ReportWording w, string quarter, string year)
    {
        Heading(flow, w.FundHeading);
        var q = report.FundQuarter;
        var y = report.FundYear;
        Table(
            flow,
            [(string.Empty, 0.5), (ReportWording.Fill(w.FundQuarter, ("quarter", quarter), ("year", year)), 0.25), (ReportWording.Fill(w.FundYear, ("year", year)), 0.25)],
            [
                [w.FundApplications, w.Number(q[FigureNames.Applications]), w.Number(y[FigureNames.Applications])],
                [w.FundApprovals, w.Number(q[FigureNames.Approvals]), w.Number(y[FigureNames.Approvals])],
                [w.FundRaised, w.Money(new Euro(q[FigureNames.Raised])), w.Money(new Euro(y[FigureNames.Raised]))],
                [w.FundGranted, w.Money(new Euro(q[FigureNames.Granted])), w.Money(new Euro(y[FigureNames.Granted]))],
                [w.FundPaidOut, w.Money(new Euro(q[FigureNames.PaidOut])), w.Money(new Euro(y[FigureNames.PaidOut]))],
                [w.FundInstitutions, w.Number(q[FigureNames.Institutions]), w.Number(y[FigureNames.Institutions])],
                [w.FundParticipants, w.Number(q[FigureNames.Participants]), w.Number(y[FigureNames.Participants])],
            ]);

        var byStage = y.By(FigureNames.Granted, "stage");
        if (byStage.Count > 0)
        {
            flow.Paragraph(ReportWording.Fill(w.FundByStage, ("year", year)), flow.Style.BodyBold, 2);
            Facts(flow, [.. Enum.GetValues<EducationStage>().Where(s => byStage.ContainsKey(s.ToString()))
                .Select(s => (w.Stages[s.ToString()], w.Money(new Euro(byStage[s.ToString()]))))]);
            flow.Gap(4);
        }

        var byDistrict = y.By(FigureNames.Granted, "district");
        if (byDistrict.Count > 0)
        {
            flow.Paragraph(ReportWording.Fill(w.FundByDistrict, ("year", year)), flow.Style.BodyBold, 2);
            Facts(flow, [.. byDistrict.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, w.Money(new Euro(d.Value))))]);
            flow.Gap(4);
        }

        QuarterChart(flow, report, w, year);
    }

    /// <summary>Horizontal bars, one per label, scaled to the largest value; each bar a filled rectangle path with its amount.</summary>
    private static void HorizontalBarChart(PageFlow flow, string title, List<(string Label, long Cents, XColor Color)> bars, ReportWording w)
    {
        var style = flow.Style;
        const double barHeight = 11;
        const double rowHeight = 17;
        flow.Need(28 + (bars.Count * rowHeight));
        flow.Gap(6);
        flow.Paragraph(title, style.BodyBold, 4);
        var labelWidth = flow.Width * 0.34;
        var barLeft = flow.Left + labelWidth;
        var barMax = (flow.Width * 0.66) - 80;
        var max = Math.Max(1, bars.Max(b => b.Cents));
        var g = flow.Graphics;
        g.DrawLine(new XPen(XColors.DarkGray, 0.5), barLeft, flow.Y - 2, barLeft, flow.Y + (bars.Count * rowHeight));
        foreach (var (label, cents, color) in bars)
        {
            var length = Math.Max(0.5, barMax * cents / max);
            var path = new XGraphicsPath();
            path.AddRectangle(barLeft, flow.Y + 1, length, barHeight);
            g.DrawPath(new XPen(color, 0.3), new XSolidBrush(color), path);
            g.DrawString(label, style.Small, style.Ink, flow.Left, flow.Y + 2, XStringFormats.TopLeft);
            g.DrawString(w.Money(new Euro(cents)), style.Small, style.Ink, barLeft + length + 4, flow.Y + 2, XStringFormats.TopLeft);
            flow.Y += rowHeight;
        }

        flow.Gap(6);
    }

    /// <summary>Grouped vertical bars per quarter of the year (received, granted, paid out), with axes and a legend.</summary>
    private static void QuarterChart(PageFlow flow, SponsorReport report, ReportWording w, string year)
    {
        var style = flow.Style;
        const double chartHeight = 120;
        flow.Need(chartHeight + 60);
        flow.Gap(6);
        flow.Paragraph(ReportWording.Fill(w.ChartOverTime, ("year", year)), style.BodyBold, 6);
        var g = flow.Graphics;
        var series = new (string Figure, string Label, XColor Color)[]
        {
            (FigureNames.Raised, w.LegendRaised, Neutral), (FigureNames.Granted, w.LegendGranted, Accent), (FigureNames.PaidOut, w.LegendPaidOut, AccentLight),
        };
        var max = Math.Max(1, report.FundOverTime.SelectMany(q => series.Select(s => q.Figures[s.Figure])).DefaultIfEmpty(1).Max());
        var left = flow.Left + 70;
        var bottom = flow.Y + chartHeight;
        var axis = new XPen(XColors.DarkGray, 0.6);
        g.DrawLine(axis, left, flow.Y, left, bottom);
        g.DrawLine(axis, left, bottom, flow.Right, bottom);
        flow.DrawRightAligned(w.Money(new Euro(max)), style.Small, left - 4, flow.Y - 3);
        flow.DrawRightAligned(w.Money(Euro.Zero), style.Small, left - 4, bottom - 8);
        var slot = (flow.Right - left) / 4;
        var barWidth = slot / 5;
        for (var i = 0; i < report.FundOverTime.Count; i++)
        {
            var (quarter, figures) = report.FundOverTime[i];
            var x = left + (i * slot) + (barWidth / 2);
            for (var s = 0; s < series.Length; s++)
            {
                var value = Math.Max(0, figures[series[s].Figure]);
                var height = Math.Max(0.5, chartHeight * value / max);
                var path = new XGraphicsPath();
                path.AddRectangle(x + (s * barWidth * 1.2), bottom - height, barWidth, height);
                g.DrawPath(new XPen(series[s].Color, 0.3), new XSolidBrush(series[s].Color), path);
            }

            g.DrawString($"Q{quarter.Quarter.ToString(CultureInfo.InvariantCulture)}", style.Small, style.Ink, x, bottom + 3, XStringFormats.TopLeft);
        }

        flow.Y = bottom + 16;
        var legendX = left;
        foreach (var (_, label, color) in series)
        {
            var swatch = new XGraphicsPath();
            swatch.AddRectangle(legendX, flow.Y + 1, 8, 8);
            g.DrawPath(new XSolidBrush(color), swatch);
            g.DrawString(label, style.Small, style.Ink, legendX + 11, flow.Y, XStringFormats.TopLeft);
            legendX += 20 + g.MeasureString(label, style.Small).Width;
        }

        flow.Y += 14;
    }
}
