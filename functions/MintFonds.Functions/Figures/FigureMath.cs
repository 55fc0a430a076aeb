namespace MintFonds.Functions.Figures;

/// <summary>What one figure fact adds to the figures of each period it counts in (pure; the fold stores the result).</summary>
public static class FigureMath
{
    /// <param name="counters">The figures of one period, changed in place.</param>
    /// <param name="change">The fact.</param>
    /// <param name="dims">Its breakdown: from the fact itself, else from the grant's <c>figgrant-</c> row.</param>
    /// <param name="newInstitution">True when this fact is the first that reached its institution in the period.</param>
    public static void Apply(FigureCounters counters, FigureEvent change, GrantDims dims, bool newInstitution)
    {
        var amount = change.AmountCents;
        switch (change.Kind)
        {
            case FigureKind.ApplicationSubmitted:
                Count(counters, FigureNames.Applications, dims);
                break;
            case FigureKind.GrantApproved:
                Count(counters, FigureNames.Approvals, dims);
                Amount(counters, FigureNames.Granted, amount, dims);
                if (newInstitution)
                {
                    Count(counters, FigureNames.Institutions, dims with { Fields = [] });
                }

                break;
            case FigureKind.GrantReleased:
                Amount(counters, FigureNames.Granted, -amount, dims);
                counters.Add(FigureNames.Released, amount);
                break;
            case FigureKind.MoneyReceived:
                counters.Add(FigureNames.Raised, amount);
                break;
            case FigureKind.PayoutPaid:
                Amount(counters, FigureNames.PaidOut, amount, dims);
                break;
            case FigureKind.PayoutReturned:
                Amount(counters, FigureNames.PaidOut, -amount, dims);
                counters.Add(FigureNames.Returned, amount);
                break;
            case FigureKind.RepaymentReceived:
                counters.Add(FigureNames.Repaid, amount);
                break;
            case FigureKind.UseAccepted:
                foreach (var (stage, people) in change.ParticipantsByStage ?? new Dictionary<Core.Funds.EducationStage, int>())
                {
                    counters.Add(FigureNames.Participants, people);
                    counters.Add(FigureNames.ByStage(FigureNames.Participants, stage), people);
                }

                if (dims.District is { Length: > 0 } district)
                {
                    counters.Add(FigureNames.ByDistrict(FigureNames.Participants, district), change.ParticipantsByStage?.Values.Sum() ?? 0);
                }

                break;
        }
    }

    /// <summary>A count: once in total, once per stage, field and district it names (a project for two stages counts in both).</summary>
    private static void Count(FigureCounters counters, string figure, GrantDims dims)
    {
        counters.Add(figure, 1);
        foreach (var stage in dims.Stages.Distinct())
        {
            counters.Add(FigureNames.ByStage(figure, stage), 1);
        }

        foreach (var field in dims.Fields.Distinct())
        {
            counters.Add(FigureNames.ByField(figure, field), 1);
        }

        if (dims.District is { Length: > 0 } district)
        {
            counters.Add(FigureNames.ByDistrict(figure, district), 1);
        }
    }

    /// <summary>An amount: in total, and split to the cent over the stages and over the fields (each breakdown sums to the total).</summary>
    private static void Amount(FigureCounters counters, string figure, long cents, GrantDims dims)
    {
        counters.Add(figure, cents);
        var stages = dims.Stages.Distinct().ToList();
        var byStage = FigureCounters.Split(cents, stages.Count);
        for (var i = 0; i < stages.Count; i++)
        {
            counters.Add(FigureNames.ByStage(figure, stages[i]), byStage[i]);
        }

        var fields = dims.Fields.Distinct().ToList();
        var byField = FigureCounters.Split(cents, fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            counters.Add(FigureNames.ByField(figure, fields[i]), byField[i]);
        }

        if (dims.District is { Length: > 0 } district)
        {
            counters.Add(FigureNames.ByDistrict(figure, district), cents);
        }
    }
}
