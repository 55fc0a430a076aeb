using PdfSharp.Drawing;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>A field of the official form: a small label above a framed box holding the value.</summary>
internal sealed record FormField(double Width, string Label, string Value, XFont Font);

internal static class FormFields
{
    private const double LabelGap = 2;

    /// <summary>Draws fields side by side with their boxes aligned (labels sit on the box top) and moves below them.</summary>
    public static void Row(PageFlow flow, IReadOnlyList<FormField> fields, double gap = 8)
    {
        var style = flow.Style;
        var labels = fields.Select(field => flow.Wrap(field.Label, style.Small, field.Width)).ToList();
        var values = fields.Select(field => flow.Wrap(field.Value, field.Font, field.Width - (2 * style.Padding))).ToList();
        var labelHeight = labels.Max(lines => PageFlow.Height(lines, style.Small));
        var boxHeight = fields.Select((field, i) => PageFlow.Height(values[i], field.Font)).Max() + (2 * style.Padding);
        flow.Need(labelHeight + LabelGap + boxHeight);

        var x = flow.Left;
        var boxTop = flow.Y + labelHeight + LabelGap;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            flow.DrawLines(labels[i], style.Small, x, boxTop - LabelGap - PageFlow.Height(labels[i], style.Small));
            flow.Graphics.DrawRectangle(style.Frame, x, boxTop, field.Width, boxHeight);
            flow.DrawLines(values[i], field.Font, x + style.Padding, boxTop + style.Padding);
            x += field.Width + gap;
        }

        flow.Y = boxTop + boxHeight;
    }
}
