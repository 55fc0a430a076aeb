using MintFonds.Core.Applications;
using MintFonds.Core.Money;
using MintFonds.Core.Pledges;

namespace MintFonds.Core.Ledger;

/// <summary>
/// Money the fund holds from one payment: what came in, on which terms (donation with its earmark, or sponsoring), and
/// how much of it no grant has drawn on yet.
/// </summary>
public sealed record MoneyIn(
    string PaymentId,
    string SponsorId,
    PledgeKind Kind,
    Earmark Earmark,
    DateOnly ValueDate,
    Euro Amount,
    Euro Remaining)
{
    /// <summary>The earmark as a short stable key, for grouping ("frei" for unrestricted and sponsoring money).</summary>
    public string EarmarkKey => Earmarks.Key(Kind, Earmark);
}

/// <summary>Which money may fund which application.</summary>
public static class Earmarks
{
    public const string Unrestricted = "frei";

    /// <summary>
    /// Sponsoring money is the fund's own (the sponsor was paid back in advertising) and fits any application. A
    /// donation's earmark is the sponsor's condition: each of its lists that is not empty must be met: the project
    /// addresses at least one of the earmarked education stages and at least one of the earmarked MINT fields, and the
    /// institution is in one of the earmarked districts. An empty list restricts nothing.
    /// </summary>
    public static bool Fits(PledgeKind kind, Earmark earmark, Application application)
    {
        if (kind == PledgeKind.Sponsoring)
        {
            return true;
        }

        return (earmark.EducationStages.Count == 0 || earmark.EducationStages.Intersect(application.Project.EducationStages).Any())
            && (earmark.MintFields.Count == 0 || earmark.MintFields.Intersect(application.Project.MintFields).Any())
            && (earmark.Districts.Count == 0
                || (application.Institution.District is { } district && earmark.Districts.Contains(district, StringComparer.OrdinalIgnoreCase)));
    }

    public static string Key(PledgeKind kind, Earmark earmark) =>
        kind == PledgeKind.Sponsoring || !earmark.IsRestricted
            ? Unrestricted
            : string.Join(
                " | ",
                new[]
                {
                    string.Join(", ", earmark.EducationStages.Order().Select(s => s.ToString())),
                    string.Join(", ", earmark.MintFields.Order().Select(f => f.ToString())),
                    string.Join(", ", earmark.Districts.Order(StringComparer.Ordinal)),
                }.Where(part => part.Length > 0));
}

/// <summary>One grant's draw on one payment, to the cent.</summary>
public sealed record Allocation(string PaymentId, string SponsorId, DateOnly ValueDate, Euro Amount);

/// <summary>Available money of one earmark (for the refusal that names what is there).</summary>
public sealed record AvailableByEarmark(string Earmark, bool FitsApplication, Euro Available);

public abstract record AllocationPlan
{
    private AllocationPlan()
    {
    }

    /// <summary>Draws that add up to the granted amount; each payment at most once.</summary>
    public sealed record Funded(IReadOnlyList<Allocation> Draws) : AllocationPlan;

    /// <summary>Not enough fitting money: what fits in total, and what is available per earmark.</summary>
    public sealed record Insufficient(Euro Fitting, IReadOnlyList<AvailableByEarmark> Available) : AllocationPlan;

    /// <summary>Enough money, but only spread over more payments than one table transaction can change.</summary>
    public sealed record TooFragmented(int PaymentsNeeded, int MaxPayments) : AllocationPlan;
}

/// <summary>
/// Chooses the money for a grant: fitting money only, oldest first (value date, then payment id), as many payments as
/// needed, the last one split to the cent. If the oldest-first choice would touch more payments than one transaction
/// can change, the largest remainders are taken instead (the fewest payments that cover the amount); only if even that
/// is too many is the approval refused. Pure: the caller reads the open money and commits the plan under ETags.
/// </summary>
public static class AllocationPlanner
{
    public static AllocationPlan Plan(IReadOnlyList<MoneyIn> open, Application application, Euro amount, int maxPayments)
    {
        var fitting = open.Where(m => m.Remaining > Euro.Zero && Earmarks.Fits(m.Kind, m.Earmark, application))
            .OrderBy(m => m.ValueDate).ThenBy(m => m.PaymentId, StringComparer.Ordinal)
            .ToList();
        var total = fitting.Aggregate(Euro.Zero, (sum, m) => sum + m.Remaining);
        if (total < amount)
        {
            var available = open.Where(m => m.Remaining > Euro.Zero)
                .GroupBy(m => m.EarmarkKey, StringComparer.Ordinal)
                .Select(g => new AvailableByEarmark(g.Key, Earmarks.Fits(g.First().Kind, g.First().Earmark, application), g.Aggregate(Euro.Zero, (s, m) => s + m.Remaining)))
                .OrderByDescending(a => a.FitsApplication).ThenBy(a => a.Earmark, StringComparer.Ordinal)
                .ToList();
            return new AllocationPlan.Insufficient(total, available);
        }

        var draws = Take(fitting, amount);
        if (draws.Count <= maxPayments)
        {
            return new AllocationPlan.Funded(draws);
        }

        var fewest = Take([.. fitting.OrderByDescending(m => m.Remaining).ThenBy(m => m.ValueDate).ThenBy(m => m.PaymentId, StringComparer.Ordinal)], amount);
        return fewest.Count <= maxPayments
            ? new AllocationPlan.Funded(fewest)
            : new AllocationPlan.TooFragmented(fewest.Count, maxPayments);
    }

    private static List<Allocation> Take(IEnumerable<MoneyIn> money, Euro amount)
    {
        var draws = new List<Allocation>();
        var left = amount;
        foreach (var m in money)
        {
            if (left == Euro.Zero)
            {
                break;
            }

            var take = m.Remaining < left ? m.Remaining : left;
            draws.Add(new Allocation(m.PaymentId, m.SponsorId, m.ValueDate, take));
            left -= take;
        }

        return draws;
    }

    /// <summary>
    /// Which parts of a grant's allocations go back when <paramref name="amount"/> is released (a repayment, or all of
    /// it on renunciation or revocation): the newest money first, so the oldest money stays spent.
    /// </summary>
    public static IReadOnlyList<Allocation> Release(IReadOnlyList<Allocation> allocations, Euro amount)
    {
        var held = allocations.Aggregate(Euro.Zero, (s, a) => s + a.Amount);
        if (amount > held || amount.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), $"Cannot release {amount} of {held}.");
        }

        var released = new List<Allocation>();
        var left = amount;
        foreach (var a in allocations.Where(a => a.Amount > Euro.Zero).OrderByDescending(a => a.ValueDate).ThenByDescending(a => a.PaymentId, StringComparer.Ordinal))
        {
            if (left == Euro.Zero)
            {
                break;
            }

            var back = a.Amount < left ? a.Amount : left;
            released.Add(a with { Amount = back });
            left -= back;
        }

        return released;
    }
}
