using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Reports;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Reports;

/// <summary>The admin call that starts a report run.</summary>
public sealed record ReportRunInput
{
    /// <summary>"2026-Q3": a quarter that has ended.</summary>
    public string? Quarter { get; init; }

    /// <summary>Only this sponsor (optional).</summary>
    public string? SponsorId { get; init; }

    /// <summary>Build again and replace stored PDFs (audited); the corrected report is e-mailed once more.</summary>
    public bool? Force { get; init; }
}

public sealed record ReportRun(string FundId, string Quarter, string RunId, int Sponsors, bool Force);

/// <summary>
/// Starts a run of the quarterly reports for a fund: folds the fund's pending figures (so every report shows them
/// complete), reads the sponsors active in the quarter from the <c>active-{quarter}-</c> index ranges of the fund's
/// Pledges and Ledger partitions (see <see cref="SponsorIndex"/>: no scan of sponsors, pledges or payments), and sends
/// one <see cref="ReportJob"/> per sponsor to the <c>reports</c> queue, then a delayed summary check.
/// <para><b>Consistency design.</b> The run row is written first (upsert, per run id), then the messages; a crash in
/// between is healed by the next timer firing or admin call, since jobs and e-mails are idempotent per sponsor and
/// quarter (see <see cref="ReportService"/>). The timer's run id is the same for every repetition of a quarter, so its
/// summary e-mail is sent once; an admin call gets a new run id and its own summary.</para>
/// </summary>
public sealed partial class ReportPlanner(
    StorageAccount storage, FundTable funds, FigureFold fold, AuditLog audit, TimeProvider time, ILogger<ReportPlanner> logger)
{
    /// <summary>How long the summary check waits between looks at an unfinished run, and how often it looks.</summary>
    public static readonly TimeSpan SummaryDelay = TimeSpan.FromMinutes(2);

    public const int MaxSummaryChecks = 30;

    /// <summary>The timer: every active fund, the quarter that just ended (Europe/Berlin).</summary>
    public async Task<int> RunScheduledAsync(CancellationToken cancellationToken)
    {
        var quarter = ReportQuarter.JustEnded(time.GetUtcNow());
        var messages = 0;
        await foreach (var fund in funds.QueryPartitionAsync(FundTable.Partition, null, cancellationToken))
        {
            if (fund.Value.Status == FundStatus.Active)
            {
                messages += (await PlanAsync(fund.Value, quarter, null, false, $"{quarter.Label}-schedule", "schedule", null, cancellationToken)).Sponsors;
            }
        }

        LogScheduled(logger, quarter.Label, messages);
        return messages;
    }

    /// <summary>The admin call: any ended quarter, the whole fund or one sponsor, optionally forced (audited).</summary>
    public async Task<ReportRun> RunAsync(string fundId, ReportRunInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new Core.Validation.InputChecker();
        var current = ReportQuarter.Of(time.GetUtcNow());
        if (!ReportQuarter.TryParse(input.Quarter, out var quarter))
        {
            check.Add("quarter", "Bitte das Quartal als Jahr und Quartal angeben, z. B. 2026-Q3.");
        }
        else if (quarter >= current)
        {
            check.Add("quarter", "Berichte gibt es nur für abgeschlossene Quartale.");
        }

        var sponsorId = input.SponsorId?.Trim();
        if (sponsorId is not null && (sponsorId.Length is 0 or > 64 || !sponsorId.All(char.IsAsciiLetterOrDigit)))
        {
            check.Add("sponsorId", "Diese Förderer-Kennung ist ungültig.");
        }

        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        var fund = (await funds.GetAsync(fundId, cancellationToken))?.Value ?? throw new ProblemException(Problems.NotFound("Diesen Fonds gibt es nicht."));
        var force = input.Force ?? false;
        var runId = Guid.NewGuid().ToString("N");
        var run = await PlanAsync(fund, quarter, sponsorId, force, runId, "admin", by.ObjectId, cancellationToken);
        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = force ? "report.run.force" : "report.run", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = sponsorId is null ? $"reports/{quarter.Label}" : $"sponsor/{sponsorId}", Reason = quarter.Label,
            },
            cancellationToken);
        return run;
    }

    private async Task<ReportRun> PlanAsync(
        Fund fund, ReportQuarter quarter, string? onlySponsor, bool force, string runId, string trigger, string? by, CancellationToken cancellationToken)
    {
        await fold.FoldFundAsync(fund.Id, cancellationToken);
        var sponsors = new SortedSet<string>(StringComparer.Ordinal);
        if (onlySponsor is not null)
        {
            sponsors.Add(onlySponsor);
        }
        else
        {
            foreach (var table in new[] { TableNames.Pledges, TableNames.Ledger })
            {
                await foreach (var row in storage.Table(table).QueryAsync<TableEntity>(
                    LedgerRows.Range(fund.Id, SponsorIndex.ActiveRange(quarter)), select: ["SponsorId"], cancellationToken: cancellationToken))
                {
                    sponsors.Add(row.GetString("SponsorId"));
                }
            }
        }

        await storage.Table(TableNames.Ledger).UpsertEntityAsync(
            new TableEntity(fund.Id, ReportRows.RunKey(runId))
            {
                ["Quarter"] = quarter.Label, ["Sponsors"] = sponsors.Count, ["Trigger"] = trigger, ["Force"] = force,
                ["StartedAt"] = time.GetUtcNow(),
            },
            TableUpdateMode.Replace,
            cancellationToken);
        var queue = storage.Queue(QueueNames.Reports);
        foreach (var sponsorId in sponsors)
        {
            var job = new ReportJob { Kind = ReportJob.Sponsor, FundId = fund.Id, Quarter = quarter.Label, SponsorId = sponsorId, RunId = runId, Force = force, RequestedBy = by };
            await queue.SendMessageAsync(JsonSerializer.Serialize(job, MintFondsJson.Storage), cancellationToken);
        }

        var summary = new ReportJob { Kind = ReportJob.Summary, FundId = fund.Id, Quarter = quarter.Label, RunId = runId };
        await queue.SendMessageAsync(JsonSerializer.Serialize(summary, MintFondsJson.Storage), SummaryDelay, cancellationToken: cancellationToken);
        return new ReportRun(fund.Id, quarter.Label, runId, sponsors.Count, force);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quarterly reports for {Quarter}: {Messages} sponsor jobs queued")]
    private static partial void LogScheduled(ILogger logger, string quarter, int messages);
}
