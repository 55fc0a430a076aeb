using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Ledger;

/// <summary>
/// Commits changes of a grant's money: an approval's allocations, the release of an approved grant, payouts and
/// repayments.
/// <para><b>Consistency design.</b> Every change is ONE table transaction in the fund's Ledger partition: the
/// <c>decision-{reference}</c> row (inserted, or replaced only if its ETag is unchanged), the <c>open-…</c> row of
/// every payment it draws on or gives back to (replaced or deleted only if unchanged, or inserted where a release
/// refills spent money), the <c>funded-…</c> rows, and a <c>pending-{reference}</c> marker. So the vote that decides, the
/// grant, its allocations and the payments' remainders commit together or not at all, and two approvals that want the
/// same money cannot both commit: the second one's ETag on the shared <c>open-</c> row is stale, its whole transaction
/// fails, and it plans again from what is left (and is refused if that is not enough). No payment's remainder can go
/// below zero, so the fund never spends money it does not have, however many board members click at once.</para>
/// <para><b>Size.</b> A transaction holds at most 100 entities: 2 fixed rows plus 2 per payment, so a grant draws on at
/// most <see cref="MaxPaymentsPerTransaction"/> payments (the planner takes the largest remainders if oldest-first
/// would need more, and refuses only when even those are too many).</para>
/// <para><b>Lost answers.</b> The decision row carries a write id new for every write; a 409/412 whose stored decision
/// row carries our write id was our own transaction, committed while its answer was lost.</para>
/// <para><b>The application row</b> lives in another table and is updated afterwards by <see cref="DecisionSync"/>;
/// the <c>pending-</c> row written here says that this is still to be done and is removed once it is (healed by the
/// next request for the application or by the <c>HealDecisions</c> timer after a crash).</para>
/// </summary>
public sealed class GrantLedger(DecisionTable decisions, StorageAccount storage)
{
    /// <summary>100 entities per transaction: decision + pending + figure fact + (open + funded) per payment.</summary>
    public const int MaxPaymentsPerTransaction = 48;

    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    public TableClient Table => _table;

    /// <summary>The fund's money with something left, oldest first, with the ETags an allocation must hold.</summary>
    public async Task<IReadOnlyList<(MoneyIn Money, ETag ETag)>> OpenMoneyAsync(string fundId, CancellationToken cancellationToken)
    {
        var open = new List<(MoneyIn, ETag)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.OpenPrefix), cancellationToken: cancellationToken))
        {
            open.Add((LedgerRows.ReadMoney(row), row.ETag));
        }

        return open;
    }

    /// <summary>
    /// Writes <paramref name="next"/> with the draws it adds and the parts of earlier allocations it gives back.
    /// </summary>
    /// <param name="next">The decision as it is to be stored (its Allocations already reflect draws and releases).</param>
    /// <param name="current">The ETag of the decision row as read; default when there was none (insert).</param>
    /// <param name="draws">New allocations with the ETag of each payment's open row as read.</param>
    /// <param name="releases">Amounts going back to the payments they came from.</param>
    /// <returns>True when committed (also when our own committed transaction's answer was lost); false when something
    /// changed since it was read (the caller reads again and plans anew).</returns>
    public async Task<bool> TryCommitAsync(
        GrantDecision next,
        ETag current,
        IReadOnlyList<(Allocation Draw, MoneyIn Money, ETag OpenETag)> draws,
        IReadOnlyList<Allocation> releases,
        CancellationToken cancellationToken,
        IReadOnlyList<ITableEntity>? alsoInsert = null,
        IReadOnlyList<ITableEntity>? alsoUpsert = null)
    {
        // Rows another capability adds to this very transaction (a bank statement's index row, a figure fact, a proof
        // of use); each takes the place of half a payment. An inserted row that exists already fails the whole
        // transaction (409): that is how a repeated bank-statement entry is recognised.
        var extra = (alsoInsert?.Count ?? 0) + (alsoUpsert?.Count ?? 0);
        if (draws.Count + releases.Count > MaxPaymentsPerTransaction - ((extra + 1) / 2))
        {
            throw new InvalidOperationException($"A ledger transaction changes at most {MaxPaymentsPerTransaction} payments.");
        }

        var fundId = next.FundId;
        var batch = new PartitionBatch(fundId);
        var decisionRow = decisions.Entity(next, current);
        if (current == default)
        {
            batch.Add(decisionRow);
        }
        else
        {
            batch.ReplaceIfUnchanged(decisionRow);
        }

        foreach (var (draw, money, etag) in draws)
        {
            var left = money.Remaining - draw.Amount;
            var open = LedgerRows.OpenEntity(fundId, money with { Remaining = left });
            open.ETag = etag;
            if (left == Euro.Zero)
            {
                batch.Delete(open);
            }
            else
            {
                batch.ReplaceIfUnchanged(open);
            }

            batch.Upsert(LedgerRows.FundedEntity(fundId, draw.PaymentId, draw.SponsorId, next.Reference, draw.Amount));
        }

        foreach (var back in releases)
        {
            await AddReleaseAsync(batch, next, back, cancellationToken);
        }

        batch.Upsert(new TableEntity(fundId, LedgerRows.PendingKey(next.Reference)) { ["State"] = next.State.ToString(), ["At"] = next.UpdatedAt });
        if (next.State == DecisionState.Approved && draws.Count > 0 && next.Terms is { } terms)
        {
            // The approval (the only commit that draws money): the grant is due for a payout file and its proof of use
            // is due on the terms' date. Both are index rows the payouts capability reads as ranges (never the ledger).
            batch.Upsert(Payouts.PayoutRows.PayableEntity(fundId, next.Reference));
            batch.Upsert(Payouts.PayoutRows.UseDueEntity(fundId, terms.ProofOfUseDueOn, next.Reference));
        }

        foreach (var row in alsoInsert ?? [])
        {
            batch.Add(row);
        }

        foreach (var row in alsoUpsert ?? [])
        {
            // A row read before carries its ETag and is replaced only if unchanged; a new one is written as it is.
            if (row.ETag == default)
            {
                batch.Upsert(row);
            }
            else
            {
                batch.ReplaceIfUnchanged(row);
            }
        }

        // The change of the fund's figures commits with the change itself (see FigureEvents); the write id makes its key unique.
        foreach (var figure in Figures.GrantFigures.Facts(next, draws, releases, decisionRow.GetString("WriteId")))
        {
            batch.Add(figure);
        }
        try
        {
            await batch.SubmitAsync(_table, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            var stored = await decisions.ReadAsync(fundId, next.Reference, cancellationToken);
            return stored is { } s && s.WriteId == decisionRow.GetString("WriteId");
        }
    }

    /// <summary>Gives <paramref name="back"/> to its payment: the open row grows (ETag) or is inserted again; the funded row shrinks.</summary>
    private async Task AddReleaseAsync(PartitionBatch batch, GrantDecision next, Allocation back, CancellationToken cancellationToken)
    {
        var fundId = next.FundId;
        var money = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, LedgerRows.MoneyKey(back.SponsorId, back.PaymentId), cancellationToken: cancellationToken);
        if (!money.HasValue)
        {
            throw new InvalidDataException($"Ledger {fundId}: allocation of {next.Reference} names payment {back.PaymentId} that is not in the money register.");
        }

        var register = LedgerRows.ReadMoney(money.Value!);
        var open = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, LedgerRows.OpenKey(register.ValueDate, back.PaymentId), cancellationToken: cancellationToken);
        if (open.HasValue)
        {
            var now = LedgerRows.ReadMoney(open.Value!);
            var refilled = LedgerRows.OpenEntity(fundId, now with { Remaining = now.Remaining + back.Amount });
            refilled.ETag = open.Value!.ETag;
            batch.ReplaceIfUnchanged(refilled);
        }
        else
        {
            // Spent completely since: the row comes back; a concurrent refill inserting it too makes one of us fail (409).
            batch.Add(LedgerRows.OpenEntity(fundId, register with { Remaining = back.Amount }));
        }

        var remaining = next.Allocations.Where(a => a.PaymentId == back.PaymentId).Aggregate(Euro.Zero, (s, a) => s + a.Amount);
        batch.Upsert(LedgerRows.FundedEntity(fundId, back.PaymentId, back.SponsorId, next.Reference, remaining));
    }

    /// <summary>The allocations after giving <paramref name="releases"/> back.</summary>
    public static IReadOnlyList<Allocation> Without(IReadOnlyList<Allocation> allocations, IReadOnlyList<Allocation> releases) =>
        [.. allocations.Select(a => a with
        {
            Amount = a.Amount - releases.Where(r => r.PaymentId == a.PaymentId).Aggregate(Euro.Zero, (s, r) => s + r.Amount),
        })];
}
