using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Figures;

/// <summary>One line of a breakdown (an education stage, a MINT field or a district).</summary>
public sealed record FigureBreakdown(string Key, string Label, long Applications, long Approvals, Euro Granted, Euro PaidOut, long Participants);

/// <summary>A fund's (or several funds') key figures for a period: counts, money to the cent, and breakdowns. No personal data.</summary>
public sealed record KeyFigures(
    long Applications,
    long Approvals,
    Euro Raised,
    Euro Granted,
    Euro PaidOut,
    Euro Repaid,
    long InstitutionsReached,
    long ParticipantsReached,
    IReadOnlyList<FigureBreakdown> ByEducationStage,
    IReadOnlyList<FigureBreakdown> ByMintField,
    IReadOnlyList<FigureBreakdown> ByDistrict)
{
    public static KeyFigures From(FigureCounters c)
    {
        FigureBreakdown Line(string dimension, string key, string label) => new(
            key, label,
            c[$"{FigureNames.Applications}.{dimension}.{key}"], c[$"{FigureNames.Approvals}.{dimension}.{key}"],
            new Euro(c[$"{FigureNames.Granted}.{dimension}.{key}"]), new Euro(c[$"{FigureNames.PaidOut}.{dimension}.{key}"]),
            c[$"{FigureNames.Participants}.{dimension}.{key}"]);

        var districts = c.Values.Keys.Where(k => k.Contains(".district.", StringComparison.Ordinal))
            .Select(k => k[(k.IndexOf(".district.", StringComparison.Ordinal) + ".district.".Length)..])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new KeyFigures(
            c[FigureNames.Applications],
            c[FigureNames.Approvals],
            new Euro(c[FigureNames.Raised]),
            new Euro(c[FigureNames.Granted]),
            new Euro(c[FigureNames.PaidOut]),
            new Euro(c[FigureNames.Repaid]),
            c[FigureNames.Institutions],
            c[FigureNames.Participants],
            [.. Enum.GetValues<EducationStage>().Select(s => Line("stage", s.ToString(), GermanLabels.For(s)))],
            [.. Enum.GetValues<MintField>().Select(f => Line("field", f.ToString(), GermanLabels.For(f)))],
            [.. districts.Select(d => Line("district", d, d))]);
    }
}

/// <summary>
/// Reads a fund's aggregate rows: for a period (a quarter "2026-Q3", a year "2026", or all time) one point read in
/// the fund's Applications partition and one in its Ledger partition, summed. Never a range over history.
/// </summary>
public sealed class FigureReader(StorageAccount storage)
{
    private readonly TableClient[] _tables = [storage.Table(TableNames.Ledger), storage.Table(TableNames.Applications)];

    public async Task<FigureCounters> ReadAsync(string fundId, string period, CancellationToken cancellationToken)
    {
        var sum = new FigureCounters();
        foreach (var table in _tables)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(fundId, FigureRows.Aggregate(period), cancellationToken: cancellationToken);
            if (row.HasValue)
            {
                sum = sum.Plus(FigureCounters.Parse(row.Value!.GetString("Figures")));
            }
        }

        return sum;
    }
}
