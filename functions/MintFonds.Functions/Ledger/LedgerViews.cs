using Azure.Data.Tables;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Ledger;

public sealed record BalanceLine(string Earmark, Euro PaidIn, Euro Allocated, Euro Available);

public sealed record FundBalance(Euro PaidIn, Euro Allocated, Euro PaidOut, Euro Repaid, Euro Available, IReadOnlyList<BalanceLine> ByEarmark);

public sealed record FundedGrant(string Reference, string? ProjectTitle, Euro Amount);

public sealed record StatementPayment(string PaymentId, DateOnly ValueDate, string Kind, string Earmark, Euro Amount, Euro Allocated, Euro Available, IReadOnlyList<FundedGrant> Grants);

public sealed record SponsorStatement(string SponsorId, Euro PaidIn, Euro Allocated, Euro Available, IReadOnlyList<StatementPayment> Payments);

public sealed record GrantSource(string PaymentId, string SponsorId, DateOnly ValueDate, Euro Amount);

public sealed record GrantFunding(string Reference, string State, Euro? Granted, Euro Allocated, Euro PaidOut, Euro Repaid, IReadOnlyList<GrantSource> Sources);

/// <summary>
/// The three views of the fund's money, read only from designed key ranges of the fund's Ledger partition (never the
/// whole table): the balance (<c>money-</c>, <c>open-</c> and <c>decision-</c> ranges), a sponsor's statement
/// (<c>money-{sponsorId}-</c>, then <c>funded-{paymentId}-</c> per payment), and a grant's sources (its
/// <c>decision-</c> row). They are built from the rows that the ledger's transactions change together, so they add up
/// to the cent: paid in = allocated + available, per payment, per sponsor, per earmark and in total, and the sum of
/// all grants' allocations is the balance's allocated amount.
/// </summary>
public sealed class LedgerViews(StorageAccount storage, DecisionTable decisions, ApplicationStore applications)
{
    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    public async Task<FundBalance> BalanceAsync(string fundId, CancellationToken cancellationToken)
    {
        var paidIn = new Dictionary<string, Euro>(StringComparer.Ordinal);
        var available = new Dictionary<string, Euro>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.MoneyPrefix), cancellationToken: cancellationToken))
        {
            var money = LedgerRows.ReadMoney(row);
            paidIn[money.EarmarkKey] = paidIn.GetValueOrDefault(money.EarmarkKey) + money.Amount;
        }

        await foreach (var row in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.OpenPrefix), cancellationToken: cancellationToken))
        {
            var money = LedgerRows.ReadMoney(row);
            available[money.EarmarkKey] = available.GetValueOrDefault(money.EarmarkKey) + money.Remaining;
        }

        Euro paidOut = Euro.Zero, repaid = Euro.Zero;
        await foreach (var row in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.DecisionPrefix), cancellationToken: cancellationToken))
        {
            paidOut += new Euro(row.GetInt64("PaidOutCents") ?? 0);
            repaid += new Euro(row.GetInt64("RepaidCents") ?? 0);
        }

        var lines = paidIn.Keys.Union(available.Keys).Order(StringComparer.Ordinal)
            .Select(k => new BalanceLine(k, paidIn.GetValueOrDefault(k), paidIn.GetValueOrDefault(k) - available.GetValueOrDefault(k), available.GetValueOrDefault(k)))
            .ToList();
        var totalIn = lines.Aggregate(Euro.Zero, (s, l) => s + l.PaidIn);
        var totalAvailable = lines.Aggregate(Euro.Zero, (s, l) => s + l.Available);
        return new FundBalance(totalIn, totalIn - totalAvailable, paidOut, repaid, totalAvailable, lines);
    }

    public async Task<SponsorStatement> SponsorAsync(string fundId, string sponsorId, CancellationToken cancellationToken)
    {
        if (sponsorId.Length is 0 or > 64 || !sponsorId.All(char.IsAsciiLetterOrDigit))
        {
            throw new ProblemException(Problems.NotFound("Diesen Förderer gibt es nicht."));
        }

        var payments = new List<StatementPayment>();
        var published = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.MoneyKey(sponsorId, string.Empty)), cancellationToken: cancellationToken))
        {
            var money = LedgerRows.ReadMoney(row);
            var grants = new List<FundedGrant>();
            await foreach (var funded in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.FundedKey(money.PaymentId, string.Empty)), cancellationToken: cancellationToken))
            {
                var amount = new Euro(funded.GetInt64("AmountCents") ?? 0);
                if (amount == Euro.Zero)
                {
                    continue;
                }

                var reference = funded.GetString("Reference");
                if (!published.TryGetValue(reference, out var title))
                {
                    // Only where the applicant consented to publication (and the grant stands); otherwise the reference alone.
                    var application = await applications.FindAsync(fundId, reference, cancellationToken);
                    title = application is { Application: { Consents.PublishProject: true } a } ? a.Project.Title : null;
                    published[reference] = title;
                }

                grants.Add(new FundedGrant(reference, title, amount));
            }

            var allocated = grants.Aggregate(Euro.Zero, (s, g) => s + g.Amount);
            payments.Add(new StatementPayment(money.PaymentId, money.ValueDate, money.Kind.ToString().ToLowerInvariant(), money.EarmarkKey, money.Amount, allocated, money.Amount - allocated, grants));
        }

        var totalIn = payments.Aggregate(Euro.Zero, (s, p) => s + p.Amount);
        var totalAllocated = payments.Aggregate(Euro.Zero, (s, p) => s + p.Allocated);
        return new SponsorStatement(sponsorId, totalIn, totalAllocated, totalIn - totalAllocated, [.. payments.OrderBy(p => p.ValueDate).ThenBy(p => p.PaymentId, StringComparer.Ordinal)]);
    }

    public async Task<GrantFunding> GrantAsync(string fundId, string reference, CancellationToken cancellationToken)
    {
        var stored = await decisions.ReadAsync(fundId, reference, cancellationToken);
        if (stored is not { } s)
        {
            _ = await applications.GetAsync(fundId, reference, cancellationToken);
            return new GrantFunding(reference, "none", null, Euro.Zero, Euro.Zero, Euro.Zero, []);
        }

        var d = s.Decision;
        return new GrantFunding(
            reference,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(d.State.ToString()),
            d.Terms?.GrantedAmount,
            d.Allocated,
            d.PaidOut,
            d.Repaid,
            [.. d.Allocations.Where(a => a.Amount > Euro.Zero).Select(a => new GrantSource(a.PaymentId, a.SponsorId, a.ValueDate, a.Amount))]);
    }
}
