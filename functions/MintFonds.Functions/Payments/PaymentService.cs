using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Json;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Core.Receipts;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payments;

/// <summary>
/// Records bank receipts in the ledger and matches them to pledge instalments. The payment row and, for a matched
/// payment that needs a document (a donation receipt per payment, or a sponsoring invoice), the job for the receipts
/// queue are written in one transaction (outbox), so a matched payment never lacks its receipt job; a matched payment's
/// link row to its sponsor (<c>sponsor-{sponsorId}-{paymentId}</c>, see <see cref="PersonRows"/>) is in that transaction
/// too, so a data-subject request finds every payment of a sponsor without reading the ledger.
/// </summary>
public sealed partial class PaymentService(
    PaymentTable payments,
    PledgeLookup pledges,
    FundService funds,
    OutboxRelay relay,
    AuditLog audit,
    TimeProvider time,
    ILogger<PaymentService> logger)
{
    /// <summary>Records a payment; the same bank reference again returns the stored payment and changes nothing.</summary>
    /// <param name="alsoInsert">Rows of the caller inserted in the payment's own transaction (a bank statement's
    /// <c>stmt-</c> row): if one exists already, nothing is written and <see cref="StorageConflictException"/> says so.</param>
    public async Task<(Payment Payment, bool Created)> RecordAsync(
        string fundId, PaymentInput input, AdminPrincipal by, CancellationToken cancellationToken, IReadOnlyList<TableEntity>? alsoInsert = null)
    {
        var fund = await funds.GetAsync(fundId, cancellationToken);
        var now = time.GetUtcNow();
        var validated = PaymentValidator.Validate(input, fundId, by.ObjectId, BerlinTime.Today(time), now);
        var payment = validated.Value ?? throw new ProblemException(Problems.Validation(validated.Errors));
        var existing = await payments.GetAsync(fundId, PaymentTable.RowKey(payment.Id), cancellationToken);
        if (existing is not null)
        {
            return (SameBooking(existing.Value, payment), false);
        }

        var found = await pledges.FindInRemittanceAsync(fundId, fund.Value.ReferencePrefix, payment.RemittanceText, cancellationToken);
        if (found is { } match)
        {
            payment = payment with { Match = MatchOf(match.Pledge, match.Instalment, now, "automatisch") };
        }

        var batch = new PartitionBatch(fundId).Add(payments.Entity(payment));
        if (payment.Match is { } linked)
        {
            batch.Upsert(PersonRows.SponsorLink(fundId, linked.SponsorId, payment.Id));
        }

        foreach (var money in Ledger.LedgerRows.Admit(payment))
        {
            batch.Add(money); // a matched payment is money the ledger can allocate, from the same commit on
        }

        if (payment.Match is { } paid)
        {
            batch.Upsert(Reports.SponsorIndex.Active(fundId, Core.Reports.ReportQuarter.Containing(payment.ValueDate), paid.SponsorId)); // the quarterly report run finds the sponsor without a scan
        }

        foreach (var index in PaymentTable.IndexRows(payment))
        {
            batch.Add(index);
        }

        var outbox = JobFor(payment, now);
        if (outbox is not null)
        {
            batch.Add(outbox);
        }

        foreach (var row in alsoInsert ?? [])
        {
            batch.Add(row);
        }

        try
        {
            await batch.SubmitAsync(payments.Client, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var stored = await payments.GetAsync(fundId, PaymentTable.RowKey(payment.Id), cancellationToken);
            if (stored is null)
            {
                // Not the payment row: one of the caller's rows exists already (e.g. the statement entry was taken meanwhile).
                throw new StorageConflictException(ConflictKind.AlreadyExists, ex);
            }

            if (!IsSame(stored.Value, payment))
            {
                // Recorded concurrently under the same bank reference: that one stands.
                return (SameBooking(stored.Value, payment), false);
            }

            // Our own transaction, committed while its answer was lost (the SDK's retry met our row): carry on.
        }

        await AuditAsync(fundId, "payment.record", by, payment, null, payment.IsMatched ? "Matched" : "Unmatched", cancellationToken);
        LogRecorded(logger, fundId, payment.Id, payment.IsMatched);
        if (outbox is not null)
        {
            await relay.TrySendNowAsync(TableNames.Ledger, [outbox], cancellationToken);
        }

        return (payment, true);
    }

    /// <summary>Assigns an unmatched payment to an instalment by its remittance reference (the office's manual match).</summary>
    public async Task<Payment> AssignAsync(string fundId, string paymentId, PaymentAssignmentInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var stored = (paymentId.Length == 24 && paymentId.All(char.IsAsciiHexDigitLower) ? await payments.GetAsync(fundId, PaymentTable.RowKey(paymentId), cancellationToken) : null)
            ?? throw new ProblemException(Problems.NotFound("Diese Zahlung gibt es nicht."));
        if (stored.Value.IsMatched)
        {
            throw new ProblemException(Problems.Conflict($"Die Zahlung ist bereits der Zusage {stored.Value.Match!.PledgeReference} zugeordnet."));
        }

        var reference = input.RemittanceReference?.Trim().ToUpperInvariant();
        var wellFormed = reference is { Length: <= 40 } && PledgeReferences.FindInRemittance(reference, (await funds.GetAsync(fundId, cancellationToken)).Value.ReferencePrefix) == reference;
        var found = wellFormed ? await pledges.FindAsync(fundId, reference!, cancellationToken) : null;
        if (found is not { } match)
        {
            throw new ProblemException(Problems.Validation([new FieldError("remittanceReference", "Zu diesem Verwendungszweck gibt es keine Zahlung einer Zusage (z. B. MRF-P-2027-0042-1).")]));
        }

        var now = time.GetUtcNow();
        var matched = stored.Value with { Match = MatchOf(match.Pledge, match.Instalment, now, by.ObjectId) };
        var batch = new PartitionBatch(fundId).ReplaceIfUnchanged(payments.Entity(matched, stored.ETag))
            .Upsert(PersonRows.SponsorLink(fundId, matched.Match!.SponsorId, matched.Id));
        foreach (var money in Ledger.LedgerRows.Admit(matched))
        {
            batch.Add(money); // assigned: now money the ledger can allocate
        }

        batch.Upsert(Reports.SponsorIndex.Active(fundId, Core.Reports.ReportQuarter.Containing(matched.ValueDate), matched.Match!.SponsorId));

        foreach (var index in PaymentTable.IndexRows(matched))
        {
            batch.Add(index);
        }

        // No longer waiting for the office (payments booked before the index existed have no such row).
        var waiting = await payments.Client.GetEntityIfExistsAsync<TableEntity>(fundId, PaymentTable.UnmatchedKey(paymentId), cancellationToken: cancellationToken);
        if (waiting.HasValue)
        {
            batch.Delete(new TableEntity(fundId, PaymentTable.UnmatchedKey(paymentId)) { ETag = ETag.All });
        }

        var outbox = JobFor(matched, now);
        if (outbox is not null)
        {
            batch.Add(outbox);
        }

        try
        {
            await batch.SubmitAsync(payments.Client, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Ours if the row now holds exactly our match (the SDK retried a committed transaction); else someone else's.
            var now2 = await payments.GetAsync(fundId, PaymentTable.RowKey(paymentId), cancellationToken);
            if (now2 is null || !IsSame(now2.Value, matched))
            {
                throw new ProblemException(Problems.PreconditionFailed());
            }
        }

        await AuditAsync(fundId, "payment.assign", by, matched, "Unmatched", "Matched", cancellationToken);
        if (outbox is not null)
        {
            await relay.TrySendNowAsync(TableNames.Ledger, [outbox], cancellationToken);
        }

        return matched;
    }

    /// <summary>Whether a stored payment is exactly the one this call wrote (its recording time and person included).</summary>
    private static bool IsSame(Payment stored, Payment written) =>
        System.Text.Json.JsonSerializer.Serialize(stored, Core.Json.MintFondsJson.Storage) == System.Text.Json.JsonSerializer.Serialize(written, Core.Json.MintFondsJson.Storage);

    public async Task<IReadOnlyList<Payment>> ListAsync(string fundId, bool unmatchedOnly, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var list = new List<Payment>();
        if (unmatchedOnly)
        {
            // The open ones through their index rows: what the office has to do, not every payment ever booked.
            list.AddRange((await payments.ByIndexAsync(fundId, PaymentTable.UnmatchedRange(fundId), cancellationToken)).Where(p => !p.IsMatched));
        }
        else
        {
            var filter = TableClient.CreateQueryFilter($"RowKey ge {PaymentTable.RowKeyPrefix} and RowKey lt {"payment."}");
            await foreach (var stored in payments.QueryPartitionAsync(fundId, filter, cancellationToken))
            {
                list.Add(stored.Value);
            }
        }

        return [.. list.OrderByDescending(p => p.ValueDate).ThenBy(p => p.BankReference, StringComparer.Ordinal)];
    }

    /// <summary>The same bank reference must mean the same booking; another amount, date or payer is a conflict, never dropped silently.</summary>
    private static Payment SameBooking(Payment stored, Payment repeated) =>
        stored.Amount == repeated.Amount && stored.ValueDate == repeated.ValueDate && stored.PayerName == repeated.PayerName
            ? stored
            : throw new ProblemException(Problems.Conflict(
                $"Unter der Bankreferenz '{stored.BankReference}' ist bereits eine andere Zahlung erfasst ({stored.Amount.ToGermanString()} vom {stored.ValueDate:dd.MM.yyyy}).",
                "bankReference"));

    private static PaymentMatch MatchOf(Pledge pledge, Instalment instalment, DateTimeOffset now, string by) =>
        new(pledge.Reference, instalment.Number, instalment.RemittanceReference, pledge.SponsorId, pledge.Kind, pledge.Earmark, pledge.ReceiptPreference, now, by);

    /// <summary>The receipts job a matched payment needs now; collective receipts are made once a year instead.</summary>
    private static TableEntity? JobFor(Payment payment, DateTimeOffset now)
    {
        if (payment.Match is not { } match || (match.Kind == PledgeKind.Donation && match.ReceiptPreference == ReceiptPreference.CollectiveYearly))
        {
            return null;
        }

        var job = new ReceiptJob { FundId = payment.FundId, PaymentId = payment.Id };
        return OutboxEntry.Create(payment.FundId, "receipt-" + payment.Id, QueueNames.Receipts, JsonSerializer.Serialize(job, MintFondsJson.Storage), now);
    }

    private Task AuditAsync(string fundId, string action, AdminPrincipal by, Payment payment, string? from, string? to, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"payment/{payment.Id}", FromState = from, ToState = to,
            },
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} recorded for fund {FundId} (matched: {Matched})")]
    private static partial void LogRecorded(ILogger logger, string fundId, string paymentId, bool matched);
}
