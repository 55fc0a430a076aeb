using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Core.Reports;
using MintFonds.Core.Validation;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Reports;

/// <summary>
/// Builds and sends one sponsor's quarterly report from a <see cref="ReportJob"/>.
/// <para><b>Consistency design.</b> At-least-once and crash-safe by order and keys, without a transaction across
/// blob, table and queue: (1) the sponsor's <c>report-</c> row says whether the report of this quarter was built; a
/// repeated job (the timer's run again, a redelivered message) finds it and builds nothing, only finishes a missing
/// e-mail hand-over. (2) The PDF is uploaded write-once (If-None-Match: *) to <c>reports/{fund}/{yyyy}-Q{n}/{sponsor}.pdf</c>:
/// a concurrent duplicate finds it there and keeps the first. Only a forced rebuild replaces it, and that is audited.
/// (3) The e-mail goes through the notifications path with a message key per sponsor and quarter (and per forced run),
/// which sends each key once (<see cref="DeliveryLedger"/>), so a repeated hand-over never means a second e-mail.
/// A crash between the steps leaves the row behind the truth; the redelivered job repeats the missing steps.</para>
/// </summary>
public sealed partial class ReportService(
    StorageAccount storage, SponsorReportSource source, Funds.FundTable funds, DeadLetterService deadLetters, AuditLog audit, TimeProvider time, ILogger<ReportService> logger)
{
    private readonly TableClient _ledger = storage.Table(TableNames.Ledger);

    public async Task HandleAsync(string text, CancellationToken cancellationToken)
    {
        var job = Read(text, out var quarter);
        if (job is null)
        {
            await deadLetters.RecordAsync(QueueNames.Reports, text, DeadLetterKind.Malformed, "Der Berichts-Auftrag ist unvollständig oder hat eine unbekannte Schema-Version.", cancellationToken);
            return;
        }

        if (job.Kind == ReportJob.Summary)
        {
            await SummaryAsync(job, quarter, cancellationToken);
            return;
        }

        await BuildAsync(job, quarter, cancellationToken);
    }

    /// <summary>The poison queue: the report is recorded as failed for the run's summary, and kept as a dead letter.</summary>
    public async Task RecordExhaustedAsync(string text, CancellationToken cancellationToken)
    {
        var reason = $"Der Bericht konnte nach {DeadLetterService.MaxDequeueCount} Versuchen nicht erstellt werden.";
        await deadLetters.RecordAsync(QueueNames.Reports, text, DeadLetterKind.RetriesExhausted, reason, cancellationToken);
        if (Read(text, out var quarter) is { Kind: ReportJob.Sponsor, SponsorId: { } sponsorId } job)
        {
            await _ledger.UpsertEntityAsync(
                ReportRows.State(job.FundId, quarter, sponsorId, ReportState.Failed, job.RunId, time.GetUtcNow(), reason), TableUpdateMode.Replace, cancellationToken);
        }
    }

    private async Task BuildAsync(ReportJob job, ReportQuarter quarter, CancellationToken cancellationToken)
    {
        var sponsorId = job.SponsorId!;
        var key = ReportRows.ReportKey(quarter, sponsorId);
        var stored = await _ledger.GetEntityIfExistsAsync<TableEntity>(job.FundId, key, cancellationToken: cancellationToken);
        var state = stored.HasValue && Enum.TryParse<ReportState>(stored.Value!.GetString("State"), out var s) ? s : (ReportState?)null;
        if (!job.Force && state is ReportState.Sent or ReportState.Skipped)
        {
            await MarkAsync(job, stored.Value!, cancellationToken); // built and sent before: only counted in this run
            return;
        }

        var now = time.GetUtcNow();
        var read = await source.ReadAsync(job.FundId, sponsorId, quarter, now, cancellationToken);
        if (read is not { } found)
        {
            await _ledger.UpsertEntityAsync(
                ReportRows.State(job.FundId, quarter, sponsorId, ReportState.Skipped, job.RunId, now, "Förderpartner oder Fonds nicht (mehr) vorhanden."), TableUpdateMode.Replace, cancellationToken);
            return;
        }

        var blobName = ReportRows.BlobName(job.FundId, quarter, sponsorId);
        var blob = storage.Container(BlobContainerNames.Reports).GetBlobClient(blobName);
        var pdf = SponsorReportPdf.Render(found.Report);
        if (job.Force)
        {
            await blob.UploadAsync(new BinaryData(pdf), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } }, cancellationToken);
            await audit.WriteAsync(
                new AuditEntry
                {
                    Subject = job.FundId, Action = "report.rebuild", Outcome = AuditOutcome.Done, PrincipalId = job.RequestedBy,
                    Target = $"sponsor/{sponsorId}", Reason = quarter.Label,
                },
                cancellationToken);
        }
        else if (state is null or ReportState.Failed)
        {
            try
            {
                await blob.UploadAsync(
                    new BinaryData(pdf),
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" }, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                    cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Already there (a duplicate of this job, or our own upload whose answer was lost): the first copy stays.
            }
        }

        await _ledger.UpsertEntityAsync(ReportRows.State(job.FundId, quarter, sponsorId, ReportState.Built, job.RunId, now), TableUpdateMode.Replace, cancellationToken);
        var sponsor = found.Sponsor;
        if (sponsor.Restriction is not null)
        {
            // An erasure request met a retention duty: the report is kept, nothing is sent.
            var skipped = ReportRows.State(job.FundId, quarter, sponsorId, ReportState.Skipped, job.RunId, now, "Verarbeitung eingeschränkt (Löschantrag).");
            skipped["BlobName"] = blobName;
            await _ledger.UpsertEntityAsync(skipped, TableUpdateMode.Replace, cancellationToken);
            return;
        }

        var report = found.Report;
        var message = new NotificationMessage
        {
            MessageKey = $"{NotificationTemplates.QuarterlyReport}:{job.FundId}:{quarter.Label}:{sponsorId}" + (job.Force ? ":" + job.RunId : string.Empty),
            Template = NotificationTemplates.QuarterlyReport,
            Culture = report.Language,
            FundId = job.FundId,
            To = [new MailRecipient(sponsor.Email, sponsor.ContactPerson ?? sponsor.Name)],
            Data = JsonSerializer.SerializeToElement(
                new
                {
                    sponsor = new { name = sponsor.Name },
                    period = new { year = quarter.Year, quarter = quarter.Quarter, from = quarter.FirstDay, to = quarter.LastDay },
                    summary = new { projectsFunded = report.ProjectsFunded, amountAllocated = report.Allocated, childrenReached = report.ParticipantsReached },
                },
                MintFondsJson.Storage),
            Attachments = [new BlobAttachment(BlobContainerNames.Reports, blobName, FileName(quarter, report.Language), "application/pdf")],
        };
        await storage.Queue(QueueNames.Notifications).SendMessageAsync(JsonSerializer.Serialize(message, MintFondsJson.Storage), cancellationToken);
        await _ledger.UpsertEntityAsync(ReportRows.State(job.FundId, quarter, sponsorId, ReportState.Sent, job.RunId, now), TableUpdateMode.Replace, cancellationToken);
        LogSent(logger, job.FundId, quarter.Label, job.Force);
    }

    public static string FileName(ReportQuarter quarter, string language) =>
        language == "en" ? $"Quarterly report {quarter.Label}.pdf" : $"Quartalsbericht {quarter.Label}.pdf";

    /// <summary>Counts an already finished report in this run (the summary counts by run id) without building it again.</summary>
    private async Task MarkAsync(ReportJob job, TableEntity stored, CancellationToken cancellationToken)
    {
        if (stored.GetString("RunId") == job.RunId)
        {
            return;
        }

        await _ledger.UpdateEntityAsync(new TableEntity(job.FundId, stored.RowKey) { ["RunId"] = job.RunId }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// The run's summary to the fund office, once all its sponsors are handled (or after a last wait): one e-mail per run
    /// (message key per run id), so the timer's run repeated sends no second summary.
    /// </summary>
    private async Task SummaryAsync(ReportJob job, ReportQuarter quarter, CancellationToken cancellationToken)
    {
        var run = await _ledger.GetEntityIfExistsAsync<TableEntity>(job.FundId, ReportRows.RunKey(job.RunId), cancellationToken: cancellationToken);
        if (!run.HasValue)
        {
            return;
        }

        var expected = run.Value!.GetInt32("Sponsors") ?? 0;
        var rows = new List<TableEntity>();
        await foreach (var row in _ledger.QueryAsync<TableEntity>(Ledger.LedgerRows.Range(job.FundId, ReportRows.QuarterRange(quarter)), cancellationToken: cancellationToken))
        {
            if (row.GetString("RunId") == job.RunId)
            {
                rows.Add(row);
            }
        }

        if (rows.Count < expected && job.Attempt < ReportPlanner.MaxSummaryChecks)
        {
            await storage.Queue(QueueNames.Reports).SendMessageAsync(
                JsonSerializer.Serialize(job with { Attempt = job.Attempt + 1 }, MintFondsJson.Storage), ReportPlanner.SummaryDelay, cancellationToken: cancellationToken);
            return;
        }

        int Count(ReportState state) => rows.Count(r => r.GetString("State") == state.ToString());
        if ((await funds.GetAsync(job.FundId, cancellationToken))?.Value is not { } fund)
        {
            return;
        }

        var message = new NotificationMessage
        {
            MessageKey = $"{NotificationTemplates.ReportRunSummary}:{job.FundId}:{job.RunId}",
            Template = NotificationTemplates.ReportRunSummary,
            FundId = job.FundId,
            To = [new MailRecipient(fund.Contact.Email, fund.Name)],
            Data = JsonSerializer.SerializeToElement(
                new
                {
                    period = new { year = quarter.Year, quarter = quarter.Quarter, from = quarter.FirstDay, to = quarter.LastDay },
                    trigger = run.Value!.GetString("Trigger"),
                    counts = new
                    {
                        sponsors = expected,
                        built = Count(ReportState.Built) + Count(ReportState.Sent),
                        sent = Count(ReportState.Sent),
                        skipped = Count(ReportState.Skipped),
                        failed = Count(ReportState.Failed),
                        pending = Math.Max(0, expected - rows.Count),
                    },
                    failures = rows.Where(r => r.GetString("State") == nameof(ReportState.Failed))
                        .Select(r => new { sponsorId = r.GetString("SponsorId"), reason = r.GetString("Reason") }).ToList(),
                },
                MintFondsJson.Storage),
        };
        await storage.Queue(QueueNames.Notifications).SendMessageAsync(JsonSerializer.Serialize(message, MintFondsJson.Storage), cancellationToken);
    }

    private static ReportJob? Read(string text, out ReportQuarter quarter)
    {
        quarter = default;
        ReportJob? job;
        try
        {
            job = JsonSerializer.Deserialize<ReportJob>(text, MintFondsJson.Storage);
        }
        catch (JsonException)
        {
            return null;
        }

        var valid = job is { SchemaVersion: ReportJob.CurrentSchemaVersion } && Slug.IsValid(job.FundId) && ReportQuarter.TryParse(job.Quarter, out quarter)
            && job.RunId is { Length: > 0 and <= 64 } && job.RunId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && (job.Kind == ReportJob.Summary
                || (job.Kind == ReportJob.Sponsor && job.SponsorId is { Length: > 0 and <= 64 } id && id.All(char.IsAsciiLetterOrDigit)));
        return valid ? job : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report of fund {FundId} for {Quarter} built and handed to e-mail (forced: {Forced})")]
    private static partial void LogSent(ILogger logger, string fundId, string quarter, bool forced);
}
