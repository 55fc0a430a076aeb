using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Pledges;
using MintFonds.Core.Privacy;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// A sponsor's erasure: what no duty keeps is deleted (pledges without any payment, with their GiroCode images and
/// remittance lookups; open change proposals; the sponsor itself once nothing refers to it); what a duty keeps is
/// restricted until the end of that duty: payments, receipts and invoices as accounting vouchers (8 years), paid pledges
/// as business letters (6 years, but as long as their payments, since receipts print the data given with the pledge),
/// and the sponsor as long as the longest of these. A restricted sponsor gets a due row
/// (<c>due-{day after the longest duty}-{sponsorId}</c>) in its partition, written in the same transaction as the
/// restriction; on that day the retention timer calls <see cref="ApplyAsync"/> again: records past their duty are
/// anonymised (payer, sponsor and PDFs removed; amounts, dates, kinds, numbers kept), records that came in since (a
/// later instalment) are restricted, and the sponsor is deleted or given the next due row.
/// Order and repeats: each record is changed with its ETag (a lost answer is recognised by re-reading, see
/// <see cref="GuardedChange"/>), files go before the rows that name them and index rows go last, so a crash leaves
/// either work that the next run repeats harmlessly or an index row pointing to nothing, never personal data the index
/// cannot find.
/// </summary>
public sealed partial class SponsorRetention(
    SponsorTable sponsors,
    SponsorRecordChanges changes,
    RetentionPlanner planner,
    TimeProvider time,
    ILogger<SponsorRetention> logger)
{
    private const int MaxAttempts = 10;

    /// <param name="records">The person's records in the fund (see <see cref="PersonRecordFinder"/>).</param>
    /// <param name="sponsor">One of the person's sponsors.</param>
    /// <param name="by">Who recorded the erasure request (kept on each restriction).</param>
    /// <param name="dueRow">For the timer: the due row being worked off, replaced or deleted in the sponsor's transaction.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<List<PrivacyAction>> ApplyAsync(
        PersonRecords records, Stored<Sponsor> sponsor, string by, TableEntity? dueRow, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = RetentionPlanner.BerlinDay(now);
        var rules = planner.Rules;
        var sponsorId = sponsor.Value.Id;
        var actions = new List<PrivacyAction>();
        var kept = new List<DateOnly>();

        foreach (var proposal in records.Proposals.Where(p => p.SponsorId == sponsorId))
        {
            await SponsorRecordChanges.DeleteRowAsync(changes.Pledges.Client, records.FundId, PledgeRows.ProposalKey(proposal.Id), cancellationToken);
            actions.Add(new($"proposal/{proposal.Id}", PrivacyActionKind.Erased, "Offener Änderungsvorschlag: keine Aufbewahrungspflicht; gelöscht."));
        }

        var paid = records.PaymentsOf(sponsorId).ToList();
        var voucherUntil = paid.ToDictionary(p => p.Value.Id, p => rules.RetainUntil(RetentionDuty.AccountingVoucher, p.Value.ValueDate.Year));
        foreach (var payment in paid)
        {
            actions.Add(await KeepOrAnonymiseAsync(
                $"payment/{payment.Value.Id}", voucherUntil[payment.Value.Id], RetentionDuty.AccountingVoucher, today, kept,
                until => SponsorRecordChanges.RestrictAsync(
                    changes.Payments, records.FundId, PaymentTable.RowKey(payment.Value.Id), p => p.Restriction, (p, r) => p with { Restriction = r },
                    until, RetentionDuty.AccountingVoucher, by, now, cancellationToken),
                () => changes.AnonymisePaymentAsync(records.FundId, payment.Value, now, cancellationToken)));
        }

        foreach (var receipt in records.ReceiptsOf(sponsorId))
        {
            var record = receipt.Value;
            actions.Add(await KeepOrAnonymiseAsync(
                $"receipt/{record.Number}", rules.RetainUntil(RetentionDuty.AccountingVoucher, RetentionPlanner.BerlinYear(record.IssuedAt)),
                RetentionDuty.AccountingVoucher, today, kept,
                until => SponsorRecordChanges.RestrictAsync(
                    changes.Receipts, ReceiptTable.Partition(record.FundId, record.Year), ReceiptTable.ReceiptKey(record.Number), r => r.Restriction, (r, x) => r with { Restriction = x },
                    until, RetentionDuty.AccountingVoucher, by, now, cancellationToken),
                () => changes.AnonymiseReceiptAsync(record, now, cancellationToken)));
        }

        foreach (var pledge in records.PledgesOf(sponsorId))
        {
            var reference = pledge.Value.Reference;
            var itsPayments = paid.Where(p => p.Value.Match!.PledgeReference == reference).Select(p => voucherUntil[p.Value.Id]).ToList();
            if (pledge.Value.Restriction is { } earlier)
            {
                itsPayments.Add(earlier.RetainUntil); // Its payments may be anonymised already; the pledge keeps its own date.
            }

            if (itsPayments.Count == 0)
            {
                var images = await changes.DeletePledgeAsync(records, pledge.Value, cancellationToken);
                actions.Add(new($"pledge/{reference}", PrivacyActionKind.Erased, $"Zusage ohne eingegangene Zahlung: keine Aufbewahrungspflicht; gelöscht (mit {images} GiroCode-Bild(ern))."));
                continue;
            }

            var letter = rules.RetainUntil(RetentionDuty.BusinessLetter, RetentionPlanner.BerlinYear(pledge.Value.CreatedAt));
            actions.Add(await KeepOrAnonymiseAsync(
                $"pledge/{reference}", itsPayments.Append(letter).Max(), RetentionDuty.BusinessLetter, today, kept,
                until => SponsorRecordChanges.RestrictAsync(
                    changes.Pledges, records.FundId, PledgeRows.PledgeKey(reference), p => p.Restriction, (p, r) => p with { Restriction = r },
                    until, RetentionDuty.BusinessLetter, by, now, cancellationToken),
                () => changes.AnonymisePledgeAsync(records, pledge.Value, now, cancellationToken)));
        }

        await changes.ForgetLinksAsync(records, sponsorId, cancellationToken);
        actions.Add(await SettleSponsorAsync(records, sponsor, kept.Count == 0 ? null : kept.Max(), by, dueRow, now, cancellationToken));
        LogApplied(logger, records.FundId, actions.Count, kept.Count);
        return actions;
    }

    private async Task<PrivacyAction> KeepOrAnonymiseAsync(
        string record, DateOnly until, RetentionDuty duty, DateOnly today, List<DateOnly> kept, Func<DateOnly, Task> restrict, Func<Task> anonymise)
    {
        if (until >= today)
        {
            await restrict(until);
            kept.Add(until);
            return new(record, PrivacyActionKind.Restricted, planner.Rules.Explain(duty), until);
        }

        await anonymise();
        return new(record, PrivacyActionKind.Anonymised, $"Aufbewahrungsfrist bis {until:dd.MM.yyyy} abgelaufen: personenbezogene Angaben entfernt; Beträge, Daten und Art bleiben für die Statistik.");
    }

    /// <summary>Deletes the sponsor when nothing is kept, else restricts it until <paramref name="until"/> with its next due row: one transaction.</summary>
    private async Task<PrivacyAction> SettleSponsorAsync(
        PersonRecords records, Stored<Sponsor> sponsor, DateOnly? until, string by, TableEntity? dueRow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = sponsor.Value.Id;
        var current = sponsor;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var batch = new PartitionBatch(records.FundId);
            var nextDue = until is { } last ? RetentionDue.Entity(records.FundId, last.AddDays(1), id, RetentionDue.ReviewSponsor) : null;
            if (nextDue is null)
            {
                batch.Delete(new TableEntity(records.FundId, id) { ETag = current.ETag });
                if (await SponsorRecordChanges.GetAsync(sponsors.Client, records.FundId, PersonRows.Key(records.PersonKey, id), cancellationToken) is { } index)
                {
                    batch.Delete(index);
                }
            }
            else
            {
                var restriction = current.Value.Restriction is { } r ? r with { RetainUntil = until!.Value } : new Restriction(now, until!.Value, RetentionDuty.AccountingVoucher, by);
                batch.ReplaceIfUnchanged(sponsors.Entity(current.Value with { Restriction = restriction }, current.ETag)).Upsert(nextDue);
            }

            if (dueRow is not null && dueRow.RowKey != nextDue?.RowKey)
            {
                batch.Delete(new TableEntity(dueRow.PartitionKey, dueRow.RowKey) { ETag = ETag.All });
            }

            try
            {
                await batch.SubmitAsync(sponsors.Client, cancellationToken);
                break;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Changed meanwhile, or our own commit whose answer was lost: look again.
                var again = await sponsors.GetAsync(records.FundId, id, cancellationToken);
                if (again is null ? nextDue is null : again.Value.Restriction?.RetainUntil == until && nextDue is not null)
                {
                    break;
                }

                current = again ?? throw new InvalidOperationException("The sponsor was deleted while it was being restricted.");
                dueRow = dueRow is null ? null : await SponsorRecordChanges.GetAsync(sponsors.Client, dueRow.PartitionKey, dueRow.RowKey, cancellationToken);
            }
        }

        return until is { } kept
            ? new($"sponsor/{id}", PrivacyActionKind.Restricted, $"Stammdaten werden für die aufbewahrten Belege gebraucht; gesperrt bis {kept:dd.MM.yyyy}, danach gelöscht.", kept)
            : new($"sponsor/{id}", PrivacyActionKind.Erased, "Keine aufbewahrungspflichtigen Unterlagen (mehr): Stammdaten gelöscht.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure applied to a sponsor of fund {FundId}: {Actions} actions, {Kept} records kept for a duty")]
    private static partial void LogApplied(ILogger logger, string fundId, int actions, int kept);
}
