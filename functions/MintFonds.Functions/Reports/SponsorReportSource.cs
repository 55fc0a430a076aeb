using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Core.Pledges;
using MintFonds.Core.Reports;
using MintFonds.Core.Time;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Reports;

/// <summary>
/// Reads what one sponsor's quarterly report shows, and only that (issue: cost that does not grow with history):
/// <list type="bullet">
/// <item>the fund and the sponsor row (2 point reads);</item>
/// <item>the sponsor's pledges: the <c>pledgeof-{sponsorId}-</c> range and one point read per pledge;</item>
/// <item>the sponsor's money: the <c>money-{sponsorId}-</c> range of the Ledger partition, and per payment its
/// <c>funded-{paymentId}-</c> range (what that payment funds now);</item>
/// <item>per funded grant: its <c>decision-</c> row, its application and its <c>figgrant-</c> row (point reads);</item>
/// <item>the fund's figures: the aggregate rows of the quarter, the year and the year's other quarters in its Ledger and
/// Applications partitions (at most 10 point reads).</item>
/// </list>
/// So the requests grow with the sponsor's own pledges, payments and grants, never with other sponsors, other grants or
/// past quarters of the fund (the benchmark and <c>ReportCostTests</c> show it).
/// </summary>
public sealed class SponsorReportSource(
    StorageAccount storage, FundTable funds, SponsorTable sponsors, PledgeTable pledges, DecisionTable decisions, ApplicationStore applications, FigureReader figures,
    Regions.FundLogoService logos)
{
    private readonly TableClient _ledger = storage.Table(TableNames.Ledger);
    private readonly TableClient _pledges = storage.Table(TableNames.Pledges);

    /// <returns>Null when the fund or the sponsor does not exist (erased).</returns>
    public async Task<(SponsorReport Report, Core.Pledges.Sponsor Sponsor)?> ReadAsync(string fundId, string sponsorId, ReportQuarter quarter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fund = (await funds.GetAsync(fundId, cancellationToken))?.Value;
        var sponsor = (await sponsors.GetAsync(fundId, sponsorId, cancellationToken))?.Value;
        if (fund is null || sponsor is null)
        {
            return null;
        }

        var ownPledges = new List<Pledge>();
        await foreach (var row in _pledges.QueryAsync<TableEntity>(LedgerRows.Range(fundId, SponsorIndex.PledgeOfRange(sponsorId)), cancellationToken: cancellationToken))
        {
            if ((await pledges.GetAsync(fundId, PledgeRows.PledgeKey(row.GetString("PledgeReference")), cancellationToken))?.Value is { } pledge)
            {
                ownPledges.Add(pledge);
            }
        }

        var payments = new List<ReportPayment>();
        var money = new List<MoneyIn>();
        var fromSponsor = new Dictionary<string, Euro>(StringComparer.Ordinal);
        var allocatedByEarmark = new Dictionary<string, Euro>(StringComparer.Ordinal);
        await foreach (var row in _ledger.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.MoneyKey(sponsorId, string.Empty)), cancellationToken: cancellationToken))
        {
            var m = LedgerRows.ReadMoney(row);
            if (m.ValueDate > quarter.LastDay)
            {
                continue; // after the quarter: the next report's
            }

            money.Add(m);
            payments.Add(new ReportPayment(m.PaymentId, m.ValueDate, m.Amount, m.Kind.ToString(), m.EarmarkKey));
            await foreach (var funded in _ledger.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.FundedKey(m.PaymentId, string.Empty)), cancellationToken: cancellationToken))
            {
                var amount = new Euro(funded.GetInt64("AmountCents") ?? 0);
                if (amount > Euro.Zero)
                {
                    var reference = funded.GetString("Reference");
                    fromSponsor[reference] = fromSponsor.GetValueOrDefault(reference) + amount;
                    allocatedByEarmark[m.EarmarkKey] = allocatedByEarmark.GetValueOrDefault(m.EarmarkKey) + amount;
                }
            }
        }

        var named = new List<ReportGrant>();
        var others = new Dictionary<int, (int Count, Euro Amount, int People)>(); // by first stage; -1: none stated
        var byStage = new Dictionary<EducationStage, Euro>();
        foreach (var (reference, amount) in fromSponsor.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var decision = (await decisions.ReadAsync(fundId, reference, cancellationToken))?.Decision;
            var application = (await applications.FindAsync(fundId, reference, cancellationToken))?.Application;
            var grantFigures = await _ledger.GetEntityIfExistsAsync<TableEntity>(fundId, FigureRows.Grant(reference), cancellationToken: cancellationToken);
            var participants = grantFigures.HasValue ? grantFigures.Value!.GetInt32("Participants") : null;
            var stages = application?.Project.EducationStages ?? [];
            var split = FigureCounters.Split(amount.Cents, stages.Count);
            for (var i = 0; i < stages.Count; i++)
            {
                byStage[stages[i]] = byStage.GetValueOrDefault(stages[i]) + new Euro(split[i]);
            }

            var status = decision switch
            {
                { State: DecisionState.Released } => GrantStatus.Released,
                _ when participants is not null => GrantStatus.UseProven,
                { PaidOut.Cents: > 0 } => GrantStatus.PaidOut,
                _ => GrantStatus.Approved,
            };

            // Named only where the applicant consented to publication (and the record was not anonymised); otherwise counted.
            if (application is { Consents.PublishProject: true, AnonymisedAt: null })
            {
                named.Add(new ReportGrant(
                    reference, application.Project.Title, application.Institution.Name, stages, application.Project.MintFields, application.Institution.District,
                    amount, status, participants));
            }
            else
            {
                var first = stages.Count > 0 ? (int)stages[0] : -1;
                var group = others.GetValueOrDefault(first);
                others[first] = (group.Count + 1, group.Amount + amount, group.People + (participants ?? 0));
            }
        }

        var earmarks = ownPledges
            .Where(p => p.Earmark.IsRestricted && p.Kind == PledgeKind.Donation)
            .GroupBy(p => Earmarks.Key(p.Kind, p.Earmark), StringComparer.Ordinal)
            .Select(g => new EarmarkBalance(
                g.Key,
                g.Aggregate(Euro.Zero, (s, p) => s + p.Total),
                money.Where(m => m.EarmarkKey == g.Key).Aggregate(Euro.Zero, (s, m) => s + m.Amount),
                allocatedByEarmark.GetValueOrDefault(g.Key)))
            .ToList();

        var overTime = new List<(ReportQuarter, FigureCounters)>();
        for (var q = 1; q <= quarter.Quarter; q++)
        {
            var each = new ReportQuarter(quarter.Year, q);
            overTime.Add((each, await figures.ReadAsync(fundId, FigureRows.QuarterPeriod(each), cancellationToken)));
        }

        var report = new SponsorReport
        {
            FundId = fundId,
            FundName = fund.Name,
            Brand = await logos.BrandAsync(fund, cancellationToken),
            IssuerName = fund.Operator.LegalName,
            Quarter = quarter,
            Language = ownPledges.OrderByDescending(p => p.CreatedAt).FirstOrDefault()?.Language ?? "de",
            SponsorId = sponsorId,
            SponsorName = sponsor.Name,
            IssuedOn = DateOnly.FromDateTime(BerlinTime.ToLocal(now).DateTime),
            Payments = [.. payments.OrderBy(p => p.ValueDate).ThenBy(p => p.PaymentId, StringComparer.Ordinal)],
            NamedGrants = named,
            OtherGrants = [.. others.OrderBy(o => o.Key).Select(o => new AnonymousGrants(o.Key < 0 ? null : (EducationStage)o.Key, o.Value.Count, o.Value.Amount, o.Value.People))],
            Earmarks = earmarks,
            MoneyByStage = byStage,
            FundQuarter = overTime[^1].Item2,
            FundYear = await figures.ReadAsync(fundId, FigureRows.YearPeriod(quarter.Year), cancellationToken),
            FundOverTime = overTime,
        };
        return (report, sponsor);
    }
}
