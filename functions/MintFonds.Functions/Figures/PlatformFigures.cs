using System.Globalization;
using System.Text;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Functions.Funds;

namespace MintFonds.Functions.Figures;

public sealed record FundKeyFigures(string FundId, string Name, string Region, KeyFigures Figures);

/// <summary>The state-wide view: every fund's key figures of a year, and their sum. Figures only, no personal data.</summary>
public sealed record PlatformFigureView(int Year, IReadOnlyList<FundKeyFigures> Funds, KeyFigures Total);

/// <summary>
/// The state's MINT office compares regions: per fund of the deployment its year's aggregate rows (two point reads;
/// pending facts are folded first so the view is complete), and the total as the sum of the funds' figure rows
/// (so the total equals the sum of the funds by construction, to the cent). Institutions are counted per fund: one
/// reached by two funds counts in both, as each fund reached it.
/// </summary>
public sealed class PlatformFigures(FundTable funds, FigureReader reader, FigureFold fold)
{
    public async Task<PlatformFigureView> ForYearAsync(int year, CancellationToken cancellationToken)
    {
        var lines = new List<FundKeyFigures>();
        var total = new FigureCounters();
        await foreach (var fund in funds.QueryPartitionAsync(FundTable.Partition, null, cancellationToken))
        {
            await fold.FoldFundAsync(fund.Value.Id, cancellationToken);
            var counters = await reader.ReadAsync(fund.Value.Id, FigureRows.YearPeriod(year), cancellationToken);
            total = total.Plus(counters);
            lines.Add(new FundKeyFigures(fund.Value.Id, fund.Value.Name, fund.Value.Region, KeyFigures.From(counters)));
        }

        return new PlatformFigureView(year, [.. lines.OrderBy(l => l.FundId, StringComparer.Ordinal)], KeyFigures.From(total));
    }

    /// <summary>CSV for spreadsheets (semicolon-separated, amounts with a decimal point), one line per fund and a total line.</summary>
    public static string Csv(PlatformFigureView view)
    {
        var csv = new StringBuilder();
        var stages = Enum.GetValues<EducationStage>();
        csv.Append("year;fundId;name;region;applications;approvals;raised;granted;paidOut;repaid;institutionsReached;participantsReached");
        foreach (var stage in stages)
        {
            csv.Append(";granted_").Append(stage);
        }

        csv.Append("\r\n");
        foreach (var line in view.Funds)
        {
            Line(csv, view.Year, line.FundId, line.Name, line.Region, line.Figures);
        }

        Line(csv, view.Year, "total", "Summe aller Fonds", string.Empty, view.Total);
        return csv.ToString();
    }

    private static void Line(StringBuilder csv, int year, string id, string name, string region, KeyFigures f)
    {
        csv.Append(year.ToString(CultureInfo.InvariantCulture)).Append(';').Append(Cell(id)).Append(';').Append(Cell(name)).Append(';').Append(Cell(region));
        foreach (var value in new[] { N(f.Applications), N(f.Approvals), M(f.Raised), M(f.Granted), M(f.PaidOut), M(f.Repaid), N(f.InstitutionsReached), N(f.ParticipantsReached) })
        {
            csv.Append(';').Append(value);
        }

        foreach (var stage in f.ByEducationStage)
        {
            csv.Append(';').Append(M(stage.Granted));
        }

        csv.Append("\r\n");
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string M(Euro amount) => amount.ToString();

    /// <summary>Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula.</summary>
    private static string Cell(string text)
    {
        var safe = text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
        return safe.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
