using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Privacy;
using MintFonds.Core.Time;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>What one retention run did in one fund.</summary>
public sealed record RetentionRun(int Due, int Anonymised, IReadOnlyList<PrivacyAction> Actions);

/// <summary>
/// The retention timer's work, reading only what is due: per fund, the <c>due-…</c> rows up to today in the fund's
/// partition of Applications (withdrawn or rejected applications whose period is over) and of Sponsors (restricted
/// sponsors whose longest duty ended), each a range query that never touches the fund's history. Every due row is
/// deleted (or replaced by the next one) in the same transaction as the work it asked for, so a second run finds
/// nothing to do and a run that crashed halfway is finished by the next. The list of funds is the one small partition
/// of the Funds table; closed funds are included (their data ages too).
/// </summary>
public sealed partial class RetentionService(
    StorageAccount storage,
    FundTable funds,
    SponsorTable sponsors,
    PersonRecordFinder finder,
    ApplicationAnonymiser anonymiser,
    SponsorRetention sponsorRetention,
    ProofOfUseErasure proofsOfUse,
    AuditLog audit,
    TimeProvider time,
    ILogger<RetentionService> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = BerlinTime.Today(time);
        await foreach (var fund in funds.QueryPartitionAsync(FundTable.Partition, null, cancellationToken))
        {
            await RunForFundAsync(fund.Value.Id, today, cancellationToken);
        }
    }

    /// <summary>Whether the application's retention has ended (or it is anonymised already), so its proof of use may go.</summary>
    private async Task<bool> ProofOfUseDueAsync(string fundId, string reference, Func<Application, bool> eligible, CancellationToken cancellationToken)
    {
        var row = await storage.Table(TableNames.Applications).GetEntityIfExistsAsync<TableEntity>(fundId, Applications.ApplicationRows.ApplicationKey(reference), cancellationToken: cancellationToken);
        return row.HasValue && Applications.ApplicationRows.ReadApplication(row.Value!) is var application && (application.AnonymisedAt is not null || eligible(application));
    }

    public async Task<RetentionRun> RunForFundAsync(string fundId, DateOnly today, CancellationToken cancellationToken)
    {
        var actions = new List<PrivacyAction>();
        var due = 0;
        await foreach (var row in storage.Table(TableNames.Applications).QueryAsync<TableEntity>(RetentionDue.DueFilter(fundId, today), cancellationToken: cancellationToken))
        {
            due++;
            var reference = row.GetString("Id");
            var purge = row.GetString("Action") == RetentionDue.PurgeApplication;
            Func<Application, bool> eligible = purge
                ? a => a.Restriction is { } r && r.RetainUntil < today
                : a => a.Status is ApplicationStatus.Withdrawn or ApplicationStatus.Rejected;
            // The grant's proof of use ends with it, before the application: the anonymiser removes the due row, so a crash
            // after it would leave the proof of use unvisited; in this order a crash repeats both next time.
            if (purge && await ProofOfUseDueAsync(fundId, reference, eligible, cancellationToken)
                && await proofsOfUse.PurgeAsync(fundId, reference, cancellationToken) is { } use)
            {
                actions.Add(use);
            }

            if (await anonymiser.AnonymiseAsync(fundId, reference, eligible, string.Empty, row, eraseMail: true, cancellationToken) == AnonymisationResult.Anonymised)
            {
                actions.Add(new("application/" + reference, PrivacyActionKind.Anonymised, purge
                    ? "Aufbewahrungsfrist des gesperrten Antrags abgelaufen: Kontakt-, Bank- und Freitextangaben ersetzt."
                    : "Zurückgezogen oder abgelehnt, Frist abgelaufen: Kontakt-, Bank- und Freitextangaben ersetzt."));
            }
        }

        await foreach (var row in sponsors.Client.QueryAsync<TableEntity>(RetentionDue.DueFilter(fundId, today), cancellationToken: cancellationToken))
        {
            due++;
            actions.AddRange(await ReviewSponsorAsync(fundId, row, cancellationToken));
        }

        foreach (var action in actions)
        {
            await audit.WriteAsync(
                new AuditEntry
                {
                    Subject = fundId, Action = "privacy.retention", Outcome = AuditOutcome.Done, Target = action.Record, ToState = action.Action.ToString(),
                    Reason = action.RetainUntil is { } until ? $"gesperrt bis {until:yyyy-MM-dd}" : null,
                },
                cancellationToken);
        }

        var run = new RetentionRun(due, actions.Count(a => a.Action == PrivacyActionKind.Anonymised), actions);
        if (due > 0)
        {
            LogRun(logger, fundId, due, actions.Count);
        }

        return run;
    }

    private async Task<IReadOnlyList<PrivacyAction>> ReviewSponsorAsync(string fundId, TableEntity dueRow, CancellationToken cancellationToken)
    {
        var sponsor = await sponsors.GetAsync(fundId, dueRow.GetString("Id"), cancellationToken);
        if (sponsor?.Value.Restriction is not { } restriction)
        {
            // Deleted meanwhile (an earlier due row finished it), or never restricted: nothing is due.
            try
            {
                await sponsors.Client.DeleteEntityAsync(dueRow.PartitionKey, dueRow.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }

            return [];
        }

        var records = await finder.FindAsync(fundId, PersonKey.For(sponsor.Value.Email), cancellationToken);
        return await sponsorRetention.ApplyAsync(records, sponsor, restriction.RestrictedBy, dueRow, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention in fund {FundId}: {Due} due rows, {Actions} actions")]
    private static partial void LogRun(ILogger logger, string fundId, int due, int actions);
}
