using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Core.Time;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

public sealed record OverdueProofOfUse(string Reference, string? ProjectTitle, DateOnly DueOn, int DaysOverdue, bool Reminded);

/// <summary>
/// The proof-of-use reminders: once <see cref="DaysBefore"/> days before the due date and once the day after it, to
/// every grant whose proof has not arrived; and the office's list of overdue proofs.
/// <para><b>Consistency design.</b> Each outstanding proof has a <c>usedue-{yyyyMMdd}-{reference}</c> row (written
/// with the approval, removed when the proof arrives), so a run reads one key range per fund (due up to today +
/// <see cref="DaysBefore"/>), never the ledger. A reminder is ONE transaction: the row's flag
/// (<c>RemindedBefore</c>/<c>RemindedAfter</c>, replaced only if its ETag is unchanged) and the e-mail as an outbox
/// row. So however often the timer runs (or two instances at once), each reminder is written once; the e-mail's message
/// key is fixed per reminder, so the notification sender's idempotency marker sends it once even if relayed twice.
/// The same run sweeps <c>upload-</c> claims older than a day with their blobs (uploads that crashed midway).</para>
/// </summary>
public sealed partial class ProofOfUseReminders(
    StorageAccount storage,
    FundTable funds,
    ApplicationStore applications,
    OutboxRelay relay,
    TimeProvider time,
    ILogger<ProofOfUseReminders> logger)
{
    public const int DaysBefore = 14;

    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    /// <summary>Returns the number of reminders written.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        await foreach (var fund in funds.QueryPartitionAsync(FundTable.Partition, null, cancellationToken))
        {
            if (fund.Value.Status != FundStatus.Active)
            {
                continue;
            }

            sent += await RemindAsync(fund.Value.Id, cancellationToken);
            await SweepUploadsAsync(fund.Value.Id, cancellationToken);
        }

        return sent;
    }

    public async Task<int> RemindAsync(string fundId, CancellationToken cancellationToken)
    {
        var today = BerlinTime.Today(time);
        var sent = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(PayoutRows.UseDueUntil(fundId, today.AddDays(DaysBefore)), cancellationToken: cancellationToken))
        {
            var due = DateOnly.ParseExact(row.GetString("DueOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var after = today > due;
            var flag = after ? "RemindedAfter" : "RemindedBefore";
            if (row.GetBoolean(flag) == true || (!after && row.GetBoolean("RemindedAfter") == true))
            {
                continue;
            }

            if (await TryRemindAsync(fundId, row, due, today, flag, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    public async Task<IReadOnlyList<OverdueProofOfUse>> OverdueAsync(string fundId, CancellationToken cancellationToken)
    {
        var today = BerlinTime.Today(time);
        var list = new List<OverdueProofOfUse>();
        await foreach (var row in _table.QueryAsync<TableEntity>(PayoutRows.UseDueUntil(fundId, today.AddDays(-1)), cancellationToken: cancellationToken))
        {
            var reference = row.GetString("Reference");
            var due = DateOnly.ParseExact(row.GetString("DueOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var application = await applications.FindAsync(fundId, reference, cancellationToken);
            if (application is { Application.Status: ApplicationStatus.Approved } a)
            {
                list.Add(new OverdueProofOfUse(reference, a.Application.Project.Title, due, today.DayNumber - due.DayNumber, row.GetBoolean("RemindedAfter") == true));
            }
        }

        return list;
    }

    private async Task<bool> TryRemindAsync(string fundId, TableEntity row, DateOnly due, DateOnly today, string flag, CancellationToken cancellationToken)
    {
        var reference = row.GetString("Reference");
        var application = await applications.FindAsync(fundId, reference, cancellationToken);
        if (application is not { Application: { Status: ApplicationStatus.Approved, AnonymisedAt: null } a })
        {
            return false; // released or anonymised meanwhile: nobody to remind
        }

        var kind = flag == "RemindedAfter" ? "after" : "before";
        var dueKey = due.ToString("yyyyMMdd", CultureInfo.InvariantCulture); // a deadline set later (more requested) is reminded anew
        var message = new NotificationMessage
        {
            MessageKey = $"{NotificationTemplates.ProofOfUseReminder}:{fundId}:{reference}:{dueKey}:{kind}",
            Template = NotificationTemplates.ProofOfUseReminder,
            FundId = fundId,
            To = [new MailRecipient(a.Contact.Email, a.Contact.Name)],
            StatusLinkFor = reference,
            Data = JsonSerializer.SerializeToElement(
                new { application = new { reference, projectTitle = a.Project.Title }, proofOfUseDueOn = due, daysLeft = due.DayNumber - today.DayNumber },
                MintFondsJson.Storage),
        };
        var now = time.GetUtcNow();
        var marked = new TableEntity(row) { [flag] = true, [flag + "At"] = now, ETag = row.ETag };
        var outbox = OutboxEntry.Create(fundId, $"usereminder-{reference}-{dueKey}-{kind}", QueueNames.Notifications, NotificationBatch.Serialize([message]), now);
        try
        {
            await new PartitionBatch(fundId).ReplaceIfUnchanged(marked).Add(outbox).SubmitAsync(_table, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false; // another run reminded first, or the proof arrived meanwhile
        }

        LogReminded(logger, fundId, reference, kind);
        await relay.TrySendNowAsync(TableNames.Ledger, [outbox], cancellationToken);
        return true;
    }

    /// <summary>Claims of uploads that never reached their proof-of-use row: their blobs, then the claim.</summary>
    private async Task SweepUploadsAsync(string fundId, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-1);
        var container = storage.Container(BlobContainerNames.Attachments);
        await foreach (var claim in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, PayoutRows.UploadPrefix), cancellationToken: cancellationToken))
        {
            if (claim.GetDateTimeOffset("CreatedAt") is { } created && created > cutoff)
            {
                continue;
            }

            foreach (var blob in JsonSerializer.Deserialize<string[]>(claim.GetString("Blobs")) ?? [])
            {
                await container.DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken);
            }

            await _table.DeleteEntityAsync(fundId, claim.RowKey, claim.ETag, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proof-of-use reminder ({Kind}) for {Reference} of fund {FundId}")]
    private static partial void LogReminded(ILogger logger, string fundId, string reference, string kind);
}
