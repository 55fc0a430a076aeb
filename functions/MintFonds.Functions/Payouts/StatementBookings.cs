using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.BankFiles;
using MintFonds.Core.Funds;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Access;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// Takes one bank-statement transaction into the ledger:
/// <list type="bullet">
/// <item>a credit whose text names a pledge instalment (also split across lines, or in the end-to-end id), or none:
/// a payment through <see cref="PaymentService"/> (matched, or waiting for the office's assignment);</item>
/// <item>a credit whose text names a grant that holds paid-out money: a repayment, which releases that much of the
/// grant's allocations back to the sponsors' money (<c>open-</c> rows);</item>
/// <item>a debit whose end-to-end id is a pending payout of ours: the grant is paid (value date), its money moves
/// from allocated to paid out;</item>
/// <item>a returned transfer (<c>RtrInf</c>) of ours: the payout is reopened with the reason, the grant is due again.</item>
/// </list>
/// <para><b>Consistency design.</b> The <c>stmt-</c> row of the transaction is INSERTED in the very transaction of the
/// payment or the grant change it causes (the fund's Ledger partition), with the figure fact of that change. A second
/// import finds the row and changes nothing; a concurrent one fails on it (409) and then finds it. Whatever needs the
/// office is recorded by its <c>stmt-</c> row alone, so it is reported once as such and afterwards as known.</para>
/// </summary>
public sealed partial class StatementBookings(
    StorageAccount storage,
    DecisionTable decisions,
    GrantLedger ledger,
    PaymentService payments,
    ProofOfUseTable uses,
    ApplicationStore applications,
    TimeProvider time)
{
    private const int MaxAttempts = 20;

    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    public async Task<(StatementLine Line, StatementBucket Bucket)> TakeAsync(
        Fund fund, StatementEntry entry, StatementTransaction tx, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var line = new StatementLine(
            tx.Key,
            entry.Side == BookingSide.Credit ? "credit" : "debit",
            new Euro(tx.AmountCents),
            tx.Currency,
            entry.ValueDate ?? entry.BookingDate,
            string.Empty,
            string.Empty,
            Counterparty: tx.CounterpartyName,
            RemittanceText: tx.RemittanceLines.Count == 0 ? null : string.Join(" ", tx.RemittanceLines),
            EndToEndId: tx.EndToEndId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await KnownAsync(fund.Id, tx.Key, cancellationToken) is { } known)
            {
                return (known, StatementBucket.AlreadyKnown);
            }

            var outcome = await TryTakeAsync(fund, entry, tx, line, by, cancellationToken);
            if (outcome is { } done)
            {
                return done;
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    /// <returns>Null when something changed meanwhile (read again).</returns>
    private async Task<(StatementLine, StatementBucket)?> TryTakeAsync(
        Fund fund, StatementEntry entry, StatementTransaction tx, StatementLine line, AdminPrincipal by, CancellationToken cancellationToken)
    {
        if (!entry.IsBooked)
        {
            // A pending ("vorgemerkt") entry may still change: nothing is stored, the next statement brings it booked.
            return (line with { Outcome = "notBooked", Detail = "Vorgemerkt, noch nicht gebucht; wird mit dem nächsten Kontoauszug übernommen." }, StatementBucket.NeedsOffice);
        }

        if (tx.Currency != "EUR" || entry.Currency != "EUR")
        {
            return await OfficeAsync(fund.Id, line with { Outcome = "foreignCurrency", Detail = $"Buchung in {tx.Currency}: wird nicht automatisch zugeordnet, bitte von Hand prüfen." }, cancellationToken);
        }

        if (entry.Reversal)
        {
            return await OfficeAsync(fund.Id, line with { Outcome = "reversal", Detail = "Storno der Bank: bitte die stornierte Buchung von Hand prüfen." }, cancellationToken);
        }

        if (tx.IsReturn)
        {
            return await ReturnAsync(fund, entry, tx, line, by, cancellationToken);
        }

        return entry.Side == BookingSide.Debit
            ? await DebitAsync(fund, entry, tx, line, by, cancellationToken)
            : await CreditAsync(fund, entry, tx, line, by, cancellationToken);
    }

    private async Task<(StatementLine, StatementBucket)?> DebitAsync(
        Fund fund, StatementEntry entry, StatementTransaction tx, StatementLine line, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var reference = PayoutRows.ReferenceOf(tx.EndToEndId);
        var stored = reference is null ? null : await decisions.ReadAsync(fund.Id, reference, cancellationToken);
        var payout = stored?.Decision.Payouts.LastOrDefault(p => p.EndToEndId == tx.EndToEndId);
        if (stored is not { } s || payout is null)
        {
            return await OfficeAsync(fund.Id, line with { Outcome = "unknownDebit", Detail = "Lastschrift/Überweisung ohne passende Auszahlung des Fonds." }, cancellationToken);
        }

        line = line with { Reference = reference };
        if (s.Decision.State != DecisionState.Approved)
        {
            return await OfficeAsync(fund.Id, line with { Outcome = "payoutMismatch", Detail = "Der Zuschuss ist nicht mehr bewilligt; die Überweisung bitte von Hand klären (Rückforderung)." }, cancellationToken);
        }

        if (payout.State != PayoutState.Exported || payout.Amount.Cents != tx.AmountCents)
        {
            var why = payout.State switch
            {
                PayoutState.Cancelled => $"Die Auszahlungsdatei {payout.ExportId} war storniert, die Bank hat die Überweisung trotzdem ausgeführt.",
                PayoutState.Paid => "Diese Auszahlung war bereits als ausgeführt verbucht (doppelte Ausführung?).",
                PayoutState.Returned => "Diese Auszahlung war bereits als zurückgekommen verbucht.",
                _ => $"Betrag {new Euro(tx.AmountCents).ToGermanString()} statt {payout.Amount.ToGermanString()}.",
            };
            return await OfficeAsync(fund.Id, line with { Outcome = "payoutMismatch", Detail = why }, cancellationToken);
        }

        var paidOn = entry.ValueDate ?? entry.BookingDate ?? Core.Time.BerlinTime.Today(time);
        var now = time.GetUtcNow();
        var decision = s.Decision;
        var next = decision with
        {
            PaidOut = decision.PaidOut + payout.Amount,
            Payouts = [.. decision.Payouts.Select(p => p == payout ? p with { State = PayoutState.Paid, PaidOn = paidOn, ChangedAt = now } : p)],
            Bookings = [.. decision.Bookings, new GrantBooking("payout", tx.Key, payout.Amount, now, by.ObjectId)],
            UpdatedAt = now,
        };
        var done = line with { Outcome = "payoutPaid", Detail = $"Auszahlung {reference} am {paidOn:dd.MM.yyyy} ausgeführt." };
        var figure = await FigureAsync(fund.Id, tx.Key, FigureKind.PayoutPaid, paidOn, reference!, payout.Amount, cancellationToken);
        return await ledger.TryCommitAsync(next, s.ETag, [], [], cancellationToken, alsoInsert: [StatementRow(fund.Id, done), figure])
            ? (done, StatementBucket.Matched)
            : null;
    }

    private async Task<(StatementLine, StatementBucket)?> ReturnAsync(
        Fund fund, StatementEntry entry, StatementTransaction tx, StatementLine line, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var reference = PayoutRows.ReferenceOf(tx.EndToEndId);
        var stored = reference is null ? null : await decisions.ReadAsync(fund.Id, reference, cancellationToken);
        var payout = stored?.Decision.Payouts.LastOrDefault(p => p.EndToEndId == tx.EndToEndId);
        var reason = $"{tx.ReturnReason} {Camt053.ReturnReasonText(tx.ReturnReason!)}";
        if (stored is not { } s || payout is null || payout.State is not (PayoutState.Exported or PayoutState.Paid))
        {
            return await OfficeAsync(fund.Id, line with { Outcome = "unknownReturn", Reference = reference, Detail = $"Rücküberweisung ({reason}) ohne offene Auszahlung des Fonds." }, cancellationToken);
        }

        var now = time.GetUtcNow();
        var decision = s.Decision;
        var wasPaid = payout.State == PayoutState.Paid;
        var next = decision with
        {
            // Money that came back was never the grantee's: paid out goes down again; the allocation stays for the next payout.
            PaidOut = wasPaid ? decision.PaidOut - payout.Amount : decision.PaidOut,
            Payouts = [.. decision.Payouts.Select(p => p == payout ? p with { State = PayoutState.Returned, ReturnReason = reason, ChangedAt = now } : p)],
            Bookings = wasPaid ? [.. decision.Bookings, new GrantBooking("payout-returned", tx.Key, payout.Amount, now, by.ObjectId)] : decision.Bookings,
            UpdatedAt = now,
        };
        var done = line with { Outcome = "payoutReturned", Reference = reference, Detail = $"Auszahlung {reference} zurückgekommen: {reason}. Bitte die Bankverbindung klären; der Zuschuss ist wieder zur Auszahlung fällig." };
        var rows = new List<ITableEntity> { StatementRow(fund.Id, done) };
        if (wasPaid)
        {
            rows.Add(await FigureAsync(fund.Id, tx.Key, FigureKind.PayoutReturned, entry.ValueDate ?? entry.BookingDate ?? Core.Time.BerlinTime.Today(time), reference!, payout.Amount, cancellationToken));
        }

        return await ledger.TryCommitAsync(next, s.ETag, [], [], cancellationToken, alsoInsert: rows, alsoUpsert: [PayoutRows.PayableEntity(fund.Id, reference!)])
            ? (done, StatementBucket.Matched)
            : null;
    }

    private async Task<(StatementLine, StatementBucket)?> CreditAsync(
        Fund fund, StatementEntry entry, StatementTransaction tx, StatementLine line, AdminPrincipal by, CancellationToken cancellationToken)
    {
        // Banks cut the remittance into lines of 35 or 140 characters, even inside a reference: the lines are joined
        // and the matching compares without spaces (PledgeReferences). A payer's end-to-end id may carry it instead.
        var text = string.Join(" ", tx.RemittanceLines);
        if (PledgeReferences.FindInRemittance(text, fund.ReferencePrefix) is null && PledgeReferences.FindInRemittance(tx.EndToEndId, fund.ReferencePrefix) is not null)
        {
            text = (text + " " + tx.EndToEndId).Trim();
        }

        if (PledgeReferences.FindInRemittance(text, fund.ReferencePrefix) is null && await GrantNamedAsync(fund, text + " " + tx.EndToEndId, cancellationToken) is { } grant)
        {
            return await RepaymentAsync(fund, entry, tx, line with { Reference = grant.Decision.Reference }, grant, by, cancellationToken);
        }

        var input = new PaymentInput
        {
            Amount = new Euro(tx.AmountCents),
            ValueDate = entry.ValueDate ?? entry.BookingDate,
            BankReference = tx.Key,
            PayerName = string.IsNullOrWhiteSpace(tx.CounterpartyName) ? "(im Kontoauszug ohne Namen)" : tx.CounterpartyName.Truncate(140),
            RemittanceText = text.Length == 0 ? null : text.Truncate(500),
        };
        var paymentId = PaymentValidator.IdFor(tx.Key);
        var provisional = line with { PaymentId = paymentId };
        try
        {
            var row = StatementRow(fund.Id, provisional with { Outcome = "payment", Detail = "Zahlungseingang erfasst." });
            var (payment, created) = await payments.RecordAsync(fund.Id, input, by, cancellationToken, [row]);
            if (created && !await IsOursAsync(row, cancellationToken))
            {
                // A concurrent import of the same statement committed this payment (and its row): it is known.
                return null;
            }

            var done = payment.IsMatched
                ? provisional with { Outcome = "payment", Reference = payment.Match!.PledgeReference, Detail = $"Zahlung zur Zusage {payment.Match.RemittanceReference} erfasst." }
                : provisional with { Outcome = "unmatchedCredit", Detail = "Zahlungseingang erfasst, aber keiner Zusage zuzuordnen: bitte in der Liste offener Zahlungen zuordnen." };
            if (!created)
            {
                // The same bank reference was recorded by hand before: the statement row says so from now on.
                return await OfficeOrKnownAsync(fund.Id, done with { Detail = "Diese Buchung war bereits erfasst." }, StatementBucket.AlreadyKnown, cancellationToken);
            }

            if (!payment.IsMatched)
            {
                // The stored row said "payment"; the office's list of unmatched payments is where it is worked on.
                await _table.UpsertEntityAsync(StatementRow(fund.Id, done), TableUpdateMode.Replace, cancellationToken);
            }

            return (done, payment.IsMatched ? StatementBucket.Matched : StatementBucket.NeedsOffice);
        }
        catch (StorageConflictException)
        {
            return null; // the statement row exists now: taken concurrently
        }
        catch (ProblemException ex) when (ex.Problem.Status is 409 or 422)
        {
            var detail = ex.Problem.Errors is { } errors ? string.Join(" ", errors.SelectMany(e => e.Value)) : ex.Problem.Detail ?? ex.Problem.Title;
            return await OfficeAsync(fund.Id, provisional with { Outcome = "invalid", Detail = "Nicht automatisch erfasst: " + detail }, cancellationToken);
        }
    }

    private async Task<(StatementLine, StatementBucket)?> RepaymentAsync(
        Fund fund, StatementEntry entry, StatementTransaction tx, StatementLine line, (GrantDecision Decision, ETag ETag) grant, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var (decision, etag) = grant;
        var amount = new Euro(tx.AmountCents);
        if (amount > decision.HeldByGrantee)
        {
            return await OfficeAsync(fund.Id, line with { Outcome = "repaymentTooHigh", Detail = $"Rückzahlung {amount.ToGermanString()} ist höher als die ausgezahlten {decision.HeldByGrantee.ToGermanString()}." }, cancellationToken);
        }

        var now = time.GetUtcNow();
        var releases = AllocationPlanner.Release(decision.Allocations, amount);
        var next = decision with
        {
            Repaid = decision.Repaid + amount,
            Allocations = GrantLedger.Without(decision.Allocations, releases),
            Bookings = [.. decision.Bookings, new GrantBooking("repayment", tx.Key, amount, now, by.ObjectId)],
            UpdatedAt = now,
        };
        var valueDate = entry.ValueDate ?? entry.BookingDate ?? Core.Time.BerlinTime.Today(time);
        var done = line with { Outcome = "repayment", Detail = $"Rückzahlung zu {decision.Reference}: {amount.ToGermanString()} zurück an die Mittel der Förderer." };
        var upserts = new List<ITableEntity>();
        if (await uses.GetAsync(fund.Id, PayoutRows.UseKey(decision.Reference), cancellationToken) is { } use)
        {
            upserts.Add(uses.Entity(use.Value with { RepaymentReceived = use.Value.RepaymentReceived + amount }, use.ETag));
        }

        try
        {
            var figure = await FigureAsync(fund.Id, tx.Key, FigureKind.RepaymentReceived, valueDate, decision.Reference, amount, cancellationToken);
            return await ledger.TryCommitAsync(next, etag, [], releases, cancellationToken, alsoInsert: [StatementRow(fund.Id, done), figure], alsoUpsert: upserts)
                ? (done, StatementBucket.Matched)
                : null;
        }
        catch (InvalidOperationException)
        {
            // Drawn on so many payments that one transaction cannot give all back: the office books it by hand.
            return await OfficeAsync(fund.Id, line with { Outcome = "invalid", Detail = "Rückzahlung betrifft zu viele Zahlungen für eine automatische Buchung; bitte von Hand als Rückzahlung erfassen." }, cancellationToken);
        }
    }

    /// <summary>The grant a credit's text names (the fund's application reference) if it holds paid-out money.</summary>
    private async Task<(GrantDecision Decision, ETag ETag)?> GrantNamedAsync(Fund fund, string text, CancellationToken cancellationToken)
    {
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        foreach (Match match in GrantReference().Matches(compact))
        {
            if (!match.Value.StartsWith(fund.ReferencePrefix + "-", StringComparison.Ordinal))
            {
                continue;
            }

            // Digits glued on by a line break ("…-0042" + "2 Raten"): try the shorter forms down to four digits.
            var sequence = match.Groups["sequence"].Value;
            for (var length = sequence.Length; length >= 4; length--)
            {
                var reference = $"{match.Groups["head"].Value}{sequence[..length]}";
                if (await decisions.ReadAsync(fund.Id, reference, cancellationToken) is { } d && d.Decision.HeldByGrantee > Euro.Zero)
                {
                    return (d.Decision, d.ETag);
                }
            }
        }

        return null;
    }

    private async Task<(StatementLine, StatementBucket)?> OfficeAsync(string fundId, StatementLine line, CancellationToken cancellationToken) =>
        await OfficeOrKnownAsync(fundId, line, StatementBucket.NeedsOffice, cancellationToken);

    /// <summary>Records a transaction that changes nothing but its <c>stmt-</c> row; null if someone recorded it first.</summary>
    private async Task<(StatementLine, StatementBucket)?> OfficeOrKnownAsync(string fundId, StatementLine line, StatementBucket bucket, CancellationToken cancellationToken)
    {
        var row = StatementRow(fundId, line);
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, row.RowKey, cancellationToken: cancellationToken);
            if (!stored.HasValue || stored.Value!.GetString("WriteId") != row.GetString("WriteId"))
            {
                return null;
            }
        }

        return (line, bucket);
    }

    private async Task<bool> IsOursAsync(TableEntity written, CancellationToken cancellationToken)
    {
        var stored = await _table.GetEntityIfExistsAsync<TableEntity>(written.PartitionKey, written.RowKey, ["WriteId"], cancellationToken);
        return stored.HasValue && stored.Value!.GetString("WriteId") == written.GetString("WriteId");
    }

    private async Task<StatementLine?> KnownAsync(string fundId, string key, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, PayoutRows.StatementKey(fundId, key), cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<StatementLine>(row.Value!.GetString("Json"), Core.Json.MintFondsJson.Storage) : null;
    }

    private TableEntity StatementRow(string fundId, StatementLine line) => new(fundId, PayoutRows.StatementKey(fundId, line.BankReference))
    {
        ["Outcome"] = line.Outcome,
        ["AmountCents"] = line.Amount.Cents,
        ["Reference"] = line.Reference,
        ["ImportedAt"] = time.GetUtcNow(),
        ["WriteId"] = Guid.NewGuid().ToString("N"),
        ["Json"] = JsonSerializer.Serialize(line, Core.Json.MintFondsJson.Storage),
    };

    /// <summary>The figure fact of a grant's money change (dated by the bank's value date), with the grant's dimensions.</summary>
    private async Task<TableEntity> FigureAsync(string fundId, string transactionKey, FigureKind kind, DateOnly valueDate, string reference, Euro amount, CancellationToken cancellationToken)
    {
        var application = (await applications.FindAsync(fundId, reference, cancellationToken))?.Application;
        var at = new DateTimeOffset(valueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return FigureEvents.Entity(
            fundId,
            PayoutRows.StatementKey(fundId, transactionKey)[PayoutRows.StatementPrefix.Length..],
            new FigureEvent(
                kind,
                fundId,
                at,
                reference,
                amount.Cents,
                application?.Project.EducationStages,
                application?.Project.MintFields,
                application?.Institution.District,
                application?.InstitutionKey));
    }

    [GeneratedRegex(@"(?<head>[A-Z]{2,5}-[0-9]{4}-)(?<sequence>[0-9]{4,9})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex GrantReference();
}
