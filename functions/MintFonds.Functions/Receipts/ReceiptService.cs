using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Json;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Core.Receipts;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Issues receipts: one per payment from the receipts queue, collective ones per sponsor and year, and corrections
/// (resend the same PDF; cancel a wrong receipt and issue a replacement that names it). Every step is safe to repeat.
/// </summary>
public sealed partial class ReceiptService(
    ReceiptIssuer issuer,
    ReceiptPublisher publisher,
    ReceiptTable receipts,
    PaymentTable payments,
    FundService funds,
    DeadLetterService deadLetters,
    AuditLog audit,
    TimeProvider time,
    ILogger<ReceiptService> logger)
{
    /// <summary>Handles one message of the receipts queue. Unusable messages are dead-lettered at once; anything else that fails is retried.</summary>
    public async Task HandleJobAsync(string text, CancellationToken cancellationToken)
    {
        ReceiptJob? job = null;
        try
        {
            job = JsonSerializer.Deserialize<ReceiptJob>(text, MintFondsJson.Storage);
        }
        catch (JsonException)
        {
        }

        if (job is null || job.SchemaVersion != ReceiptJob.CurrentSchemaVersion || !Slug.IsValid(job.FundId)
            || (string.IsNullOrEmpty(job.PaymentId) && (job.Number is null || job.Year is null)))
        {
            await deadLetters.RecordAsync(QueueNames.Receipts, text, DeadLetterKind.Malformed, "Der Beleg-Auftrag ist unvollständig oder hat eine unbekannte Schema-Version.", cancellationToken);
            return;
        }

        if (job.Number is not null)
        {
            // The safety net of an interrupted publishing: the receipt is numbered, its PDF and e-mail may be missing.
            var issued = await receipts.GetAsync(ReceiptTable.Partition(job.FundId, job.Year!.Value), ReceiptTable.ReceiptKey(job.Number), cancellationToken);
            if (issued is not null)
            {
                await PublishAsync(issued.Value, cancellationToken);
            }

            return;
        }

        var payment = (await payments.GetAsync(job.FundId, PaymentTable.RowKey(job.PaymentId!), cancellationToken))?.Value;
        if (payment?.Match is not { } match)
        {
            await deadLetters.RecordAsync(QueueNames.Receipts, text, DeadLetterKind.Malformed, "Zu diesem Auftrag gibt es keine zugeordnete Zahlung.", cancellationToken);
            return;
        }

        if (match.Kind == PledgeKind.Sponsoring && (await funds.GetAsync(job.FundId, cancellationToken)).Value.Sponsoring is null)
        {
            // Checked before a number is taken: an invoice number without its PDF would leave a gap in the series.
            // Refused, not malformed: once the office has added the settings, it can resend the job from the dead letters.
            await deadLetters.RecordAsync(QueueNames.Receipts, text, DeadLetterKind.Refused, "Der Fonds hat keine Umsatzsteuer-Einstellungen für Sponsoring-Rechnungen.", cancellationToken);
            return;
        }

        var kind = match.Kind == PledgeKind.Sponsoring ? ReceiptKind.SponsoringInvoice : ReceiptKind.Donation;
        var record = await issuer.FindCoveringAsync(job.FundId, payment.ValueDate.Year, payment.Id, cancellationToken);
        if (record is null)
        {
            var problem = await publisher.ProblemRenderingAsync(Draft(job.FundId, payment.ValueDate.Year, kind, match.SponsorId, [payment], null), cancellationToken);
            if (problem is not null)
            {
                // Refused, so the office can resend the job once the data (e.g. the sponsor's address) is corrected.
                await deadLetters.RecordAsync(QueueNames.Receipts, text, DeadLetterKind.Refused, $"Der Beleg kann so nicht erstellt werden: {problem}", cancellationToken);
                return;
            }

            record = await issuer.IssueAsync(
                job.FundId, payment.ValueDate.Year, kind, match.SponsorId, [payment], period: null, cancellationToken,
                signatureRequired: await SignatureRequiredAsync(job.FundId, kind, cancellationToken));
        }
        if (record is null)
        {
            return;
        }

        await PublishAsync(record, cancellationToken);
        LogIssued(logger, job.FundId, record.Number, record.Kind);
    }

    /// <summary>One Sammelbestätigung per sponsor who asked for it, covering every donation of the year not yet receipted.</summary>
    public async Task<IReadOnlyList<ReceiptRecord>> IssueCollectiveAsync(string fundId, int year, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        // The year's candidates through their index rows (written with each payment), not every payment ever booked.
        var candidates = (await payments.ByIndexAsync(fundId, PaymentTable.CollectiveRange(fundId, year), cancellationToken))
            .Where(p => p.ValueDate.Year == year && p.Match?.ReceiptPreference == ReceiptPreference.CollectiveYearly)
            .ToList();

        var issued = new List<ReceiptRecord>();
        var failed = 0;
        foreach (var sponsor in candidates.GroupBy(p => p.Match!.SponsorId, StringComparer.Ordinal))
        {
            try
            {
                issued.AddRange(await IssueCollectiveForSponsorAsync(fundId, year, sponsor.Key, [.. sponsor], cancellationToken));
            }
            catch (Azure.RequestFailedException ex)
            {
                // One sponsor's failure must not stop the others; a repeat of this call picks up what is still open.
                failed++;
                LogCollectiveFailed(logger, ex, fundId, year);
            }
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} collective receipts of fund {fundId} for {year} failed; run the collective call again.");
        }

        return issued;
    }

    private async Task<List<ReceiptRecord>> IssueCollectiveForSponsorAsync(
        string fundId, int year, string sponsorId, IReadOnlyList<Payment> donations, CancellationToken cancellationToken)
    {
        // Picking candidates reads the covers rows; what enforces "one receipt per payment" is the insert of each row.
        var open = new List<Payment>();
        foreach (var payment in donations.OrderBy(p => p.ValueDate))
        {
            if (await issuer.FindCoveringAsync(fundId, year, payment.Id, cancellationToken) is null)
            {
                open.Add(payment);
            }
        }

        var issued = new List<ReceiptRecord>();

        // More donations than one transaction covers: consecutive, non-overlapping periods, so no period is claimed twice.
        foreach (var (span, chunk) in CollectivePeriods.Split(year, open, p => p.ValueDate, ReceiptIssuer.MaxPaymentsPerReceipt))
        {
            var period = (span.From, span.To);
            if (await publisher.ProblemRenderingAsync(Draft(fundId, year, ReceiptKind.CollectiveDonation, sponsorId, [.. chunk], period), cancellationToken) is { } problem)
            {
                LogCollectiveUnrenderable(logger, fundId, year, problem);
                continue;
            }

            var record = await issuer.IssueAsync(
                fundId, year, ReceiptKind.CollectiveDonation, sponsorId, [.. chunk], period, cancellationToken,
                signatureRequired: await SignatureRequiredAsync(fundId, ReceiptKind.CollectiveDonation, cancellationToken));
            if (record is not null && record.Kind == ReceiptKind.CollectiveDonation)
            {
                await PublishAsync(record, cancellationToken);
                issued.Add(record);
            }
        }

        return issued;
    }

    /// <summary>
    /// Whether a donation receipt needs a handwritten signature: always, unless the fund notified the machine procedure
    /// to its tax office and names a signatory (R 10b.1 Abs. 4 EStR). Invoices never do.
    /// </summary>
    private async Task<bool> SignatureRequiredAsync(string fundId, ReceiptKind kind, CancellationToken cancellationToken) =>
        kind != ReceiptKind.SponsoringInvoice && !(await funds.GetAsync(fundId, cancellationToken)).Value.Operator.IssuesMachineMadeReceipts;

    /// <summary>The office records that it sent the signed paper copy of a receipt that needed a signature (audited).</summary>
    public async Task<ReceiptRecord> RecordSignedCopySentAsync(string fundId, string number, DateOnly? sentOn, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var day = check.RequiredValue("sentOn", sentOn);
        if (day is { } d && d > Core.Time.BerlinTime.Today(time))
        {
            check.Add("sentOn", "Das Versanddatum liegt in der Zukunft.");
        }

        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        var (stored, etag) = await GetAsync(fundId, number, cancellationToken);
        if (!stored.SignatureRequired)
        {
            throw new ProblemException(Problems.Conflict($"Der Beleg {number} wurde maschinell erstellt und braucht keine unterschriebene Ausfertigung."));
        }

        if (stored.SignedCopySentOn == day)
        {
            return stored;
        }

        var sent = stored with { SignedCopySentOn = day, SignedCopySentBy = by.ObjectId };
        try
        {
            await receipts.ReplaceAsync(ReceiptTable.Partition(fundId, stored.Year), ReceiptTable.ReceiptKey(number), sent, etag, cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }

        await AuditAsync(fundId, "receipt.signed-copy-sent", by, number, "SignatureRequired", "SignedCopySent", null, cancellationToken);
        return sent;
    }

    /// <summary>A receipt as it would be issued, with a placeholder number, for the render check before numbering.</summary>
    private ReceiptRecord Draft(string fundId, int year, ReceiptKind kind, string sponsorId, IReadOnlyList<Payment> covered, (DateOnly From, DateOnly To)? period) => new()
    {
        FundId = fundId,
        Year = year,
        Number = ReceiptIssuer.Format(kind, year, 9999),
        Kind = kind,
        SponsorId = sponsorId,
        PaymentIds = [.. covered.Select(p => p.Id)],
        Total = covered.Aggregate(Core.Money.Euro.Zero, (sum, p) => sum + p.Amount),
        PeriodFrom = period?.From,
        PeriodTo = period?.To,
        BlobName = string.Empty,
        IssuedAt = time.GetUtcNow(),
    };

    public async Task<IReadOnlyList<ReceiptRecord>> ListAsync(string fundId, int year, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var list = new List<ReceiptRecord>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"receipt-"} and RowKey lt {"receipt."}");
        await foreach (var stored in receipts.QueryPartitionAsync(ReceiptTable.Partition(fundId, year), filter, cancellationToken))
        {
            list.Add(stored.Value);
        }

        return list;
    }

    /// <summary>Sends the same PDF again (never renumbered).</summary>
    public async Task<ReceiptRecord> ResendAsync(string fundId, string number, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var (stored, etag) = await GetAsync(fundId, number, cancellationToken);
        if (stored.Status == ReceiptStatus.Cancelled)
        {
            throw new ProblemException(Problems.Conflict($"Der Beleg {number} ist storniert; gültig ist {stored.ReplacedBy}."));
        }

        if (stored.Restriction is not null)
        {
            throw new ProblemException(Problems.Conflict($"Der Beleg {number} ist nach einem Löschantrag gesperrt (aufbewahrt bis {stored.Restriction.RetainUntil:dd.MM.yyyy}) und wird nicht mehr versandt."));
        }

        var resent = stored with { ResendCount = stored.ResendCount + 1 };
        try
        {
            await receipts.ReplaceAsync(ReceiptTable.Partition(fundId, stored.Year), ReceiptTable.ReceiptKey(number), resent, etag, cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }

        await publisher.PublishAsync(resent, cancellationToken, emailKeySuffix: $":resend:{resent.ResendCount}");
        await AuditAsync(fundId, "receipt.resend", by, number, null, null, null, cancellationToken);
        return resent;
    }

    /// <summary>Cancels a wrong receipt (kept, marked cancelled, with the reason) and issues a replacement that names it.</summary>
    public async Task<ReceiptRecord> CancelAndReplaceAsync(string fundId, string number, string? reason, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var why = check.Text("reason", reason, 500, multiLine: true);
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        var (stored, etag) = await GetAsync(fundId, number, cancellationToken);
        if (stored.Status == ReceiptStatus.Cancelled)
        {
            throw new ProblemException(Problems.Conflict($"Der Beleg {number} ist bereits storniert (ersetzt durch {stored.ReplacedBy})."));
        }

        var cancelled = stored with { Status = ReceiptStatus.Cancelled, CancelReason = why, CancelledAt = time.GetUtcNow(), CancelledBy = by.ObjectId };
        var covered = new List<Payment>();
        foreach (var id in stored.PaymentIds)
        {
            covered.Add((await payments.GetAsync(fundId, PaymentTable.RowKey(id), cancellationToken))!.Value);
        }

        ReceiptRecord? replacement;
        try
        {
            replacement = await issuer.IssueAsync(
                fundId, stored.Year, stored.Kind, stored.SponsorId, covered,
                stored.PeriodFrom is { } from ? (from, stored.PeriodTo!.Value) : null, cancellationToken, replacing: cancelled, replacingETag: etag,
                signatureRequired: await SignatureRequiredAsync(fundId, stored.Kind, cancellationToken));
        }
        catch (ReceiptConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }

        await PublishAsync(replacement!, cancellationToken);
        await AuditAsync(fundId, "receipt.cancel", by, number, nameof(ReceiptStatus.Issued), nameof(ReceiptStatus.Cancelled), why, cancellationToken);
        await AuditAsync(fundId, "receipt.replace", by, replacement!.Number, null, nameof(ReceiptStatus.Issued), $"ersetzt {number}", cancellationToken);
        return replacement;
    }

    /// <summary>Writes the PDF and queues the e-mail, then removes the receipt's publish job from the outbox (it is done).</summary>
    private async Task PublishAsync(ReceiptRecord record, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(record, cancellationToken);
        var job = ReceiptIssuer.PublishJob(record, record.IssuedAt);
        await receipts.Client.DeleteEntityAsync(job.PartitionKey, job.RowKey, Azure.ETag.All, cancellationToken);
    }

    private async Task<(ReceiptRecord Record, Azure.ETag ETag)> GetAsync(string fundId, string number, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var year = YearOf(number);
        var stored = year is null ? null : await receipts.GetAsync(ReceiptTable.Partition(fundId, year.Value), ReceiptTable.ReceiptKey(number), cancellationToken);
        return stored is null
            ? throw new ProblemException(Problems.NotFound($"Es gibt keinen Beleg {number}."))
            : (stored.Value, stored.ETag);
    }

    /// <summary>"2026-0001" and "S-2026-0001" → 2026; anything else is not a receipt number.</summary>
    public static int? YearOf(string number)
    {
        var digits = number.StartsWith("S-", StringComparison.Ordinal) ? number[2..] : number;
        return digits.Length >= 9 && digits[4] == '-' && int.TryParse(digits[..4], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            && digits[5..].All(char.IsAsciiDigit)
            ? year
            : null;
    }

    private Task AuditAsync(string fundId, string action, AdminPrincipal by, string number, string? from, string? to, string? reason, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"receipt/{number}", FromState = from, ToState = to, Reason = reason,
            },
            cancellationToken);

    // The problem text names fields and rules of the document, never the sponsor's data.
    [LoggerMessage(Level = LogLevel.Error, Message = "A collective receipt of fund {FundId} for {Year} cannot be rendered: {Problem}")]
    private static partial void LogCollectiveUnrenderable(ILogger logger, string fundId, int year, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "A collective receipt of fund {FundId} for {Year} failed")]
    private static partial void LogCollectiveFailed(ILogger logger, Exception exception, string fundId, int year);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt {Number} ({Kind}) issued for fund {FundId}")]
    private static partial void LogIssued(ILogger logger, string fundId, string number, ReceiptKind kind);
}
