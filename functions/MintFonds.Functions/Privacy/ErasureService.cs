using Azure;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Privacy;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// The right to erasure (Art. 17 DSGVO) within one fund, limited by the legal retention duties (Art. 17 (3) b):
/// <list type="bullet">
/// <item>applications that are not approved (undecided, withdrawn, rejected) are anonymised at once; an undecided one is
/// closed as withdrawn (see <see cref="ApplicationAnonymiser"/>);</item>
/// <item>approved applications are restricted: a grant is paid out on their basis, so they are kept as accounting
/// vouchers (8 years from the end of the decision's year); the photos of their proof of use are deleted at once
/// (<see cref="ProofOfUseErasure"/>);</item>
/// <item>sponsors, pledges, proposals, payments and receipts: see <see cref="SponsorRetention"/> (delete what no duty
/// keeps, restrict the rest until its duty ends, the timer anonymises it then);</item>
/// <item>e-mail copies in the local outbox and dead letters are deleted (see <see cref="MailArtefacts"/>);</item>
/// <item>index rows that point to nothing any more are removed.</item>
/// </list>
/// Every step is safe to repeat: a second request after a crash (or a second request at all) finishes what is left and
/// reports restricted records again. Every action is audited by record id, with no personal data.
/// </summary>
public sealed partial class ErasureService(
    StorageAccount storage,
    FundService funds,
    PersonRecordFinder finder,
    ApplicationAnonymiser anonymiser,
    SponsorRetention sponsors,
    MailArtefacts mails,
    ProofOfUseErasure proofsOfUse,
    RetentionPlanner planner,
    AuditLog audit,
    TimeProvider time,
    ILogger<ErasureService> logger)
{
    public const string ErasureNote = "Personenbezogene Daten auf Antrag gelöscht (Art. 17 DSGVO)";

    public async Task<ErasureReport> EraseAsync(string fundId, string email, AdminPrincipal by, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var records = await finder.FindAsync(fundId, PersonKey.For(email), cancellationToken);
        var now = time.GetUtcNow();
        var actions = new List<PrivacyAction>();
        foreach (var application in records.Applications)
        {
            actions.Add(await EraseApplicationAsync(application.Value, by, now, cancellationToken));
        }

        // The proofs of use came with the records (one read per application, PersonRecordFinder).
        foreach (var use in records.ProofsOfUse)
        {
            if (await proofsOfUse.ErasePhotosAsync(use, cancellationToken) is { } photos)
            {
                actions.Add(photos);
            }
        }

        foreach (var sponsor in records.Sponsors)
        {
            actions.AddRange(await sponsors.ApplyAsync(records, sponsor, by.ObjectId, dueRow: null, cancellationToken));
        }

        var (mailCopies, deadLetters) = await mails.EraseAsync(records.MailArtefacts, cancellationToken);
        if (mailCopies + deadLetters > 0)
        {
            actions.Add(new("email-copies", PrivacyActionKind.Erased,
                $"{mailCopies} E-Mail-Kopie(n) im lokalen Postausgang und {deadLetters} unzustellbare Nachricht(en) gelöscht; das Versandprotokoll (ohne Adresse) bleibt."));
        }

        await ForgetDanglingIndexRowsAsync(records, cancellationToken);
        foreach (var action in actions)
        {
            await audit.WriteAsync(
                new AuditEntry
                {
                    Subject = fundId, Action = "privacy.erase", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId, Target = action.Record,
                    ToState = action.Action.ToString(), Reason = action.RetainUntil is { } until ? $"gesperrt bis {until:yyyy-MM-dd}" : null,
                },
                cancellationToken);
        }

        var report = new ErasureReport(
            fundId, now, Count(actions, PrivacyActionKind.Erased), Count(actions, PrivacyActionKind.Anonymised), Count(actions, PrivacyActionKind.Restricted), actions);
        LogErased(logger, fundId, report.Erased, report.Anonymised, report.Restricted);
        return report;
    }

    private async Task<PrivacyAction> EraseApplicationAsync(Application application, AdminPrincipal by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = "application/" + application.Reference;
        if (application.Status == ApplicationStatus.Approved && application.AnonymisedAt is null)
        {
            // The grant is paid out on the basis of the approval: it is kept as a voucher for the payout.
            var until = planner.Rules.RetainUntil(RetentionDuty.AccountingVoucher, RetentionPlanner.BerlinYear(application.Decision?.DecidedAt ?? now));

            // The due row first (an idempotent upsert): if the restriction then fails, the timer finds nothing to purge.
            await storage.Table(TableNames.Applications).UpsertEntityAsync(
                RetentionDue.Entity(application.FundId, until.AddDays(1), application.Reference, RetentionDue.PurgeApplication), Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
            await ApplicationChanges.ApplyAsync(
                storage.Table(TableNames.Applications), application.FundId, application.Reference,
                a => a.Restriction?.RetainUntil == until ? null : a with { Restriction = a.Restriction is { } r ? r with { RetainUntil = until } : new(now, until, RetentionDuty.AccountingVoucher, by.ObjectId) },
                cancellationToken);
            return new(record, PrivacyActionKind.Restricted, "Bewilligter Antrag: Grundlage der Auszahlung. " + planner.Rules.Explain(RetentionDuty.AccountingVoucher), until);
        }

        var result = await anonymiser.AnonymiseAsync(application.FundId, application.Reference, a => a.Status != ApplicationStatus.Approved, ErasureNote, null, eraseMail: false, cancellationToken);
        var undecided = ApplicantViews.CanWithdraw(application.Status);
        return new(record, PrivacyActionKind.Anonymised, result switch
        {
            AnonymisationResult.AlreadyAnonymised => "War bereits anonymisiert.",
            _ when undecided => "Nicht entschiedener Antrag: als zurückgezogen geschlossen; Kontakt-, Bank- und Freitextangaben ersetzt, anonyme Kennzahlen (Stufe, Beträge, Landkreis, Einrichtungsart) bleiben.",
            _ => "Keine Aufbewahrungspflicht: Kontakt-, Bank- und Freitextangaben ersetzt, anonyme Kennzahlen (Stufe, Beträge, Landkreis, Einrichtungsart) bleiben.",
        });
    }

    /// <summary>Index rows whose record is gone (a crash between deleting a record and its index row) no longer lead anywhere.</summary>
    private async Task ForgetDanglingIndexRowsAsync(PersonRecords records, CancellationToken cancellationToken)
    {
        var live = records.Applications.Select(a => a.Value.Reference)
            .Concat(records.Pledges.Select(p => p.Value.Reference))
            .Concat(records.Sponsors.Select(s => s.Value.Id))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (table, row) in records.IndexRows.Where(r => r.Table != TableNames.Ledger && !live.Contains(r.Row.GetString("Id"))))
        {
            try
            {
                await storage.Table(table).DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }
    }

    private static int Count(List<PrivacyAction> actions, PrivacyActionKind kind) => actions.Count(a => a.Action == kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure request in fund {FundId}: {Erased} erased, {Anonymised} anonymised, {Restricted} restricted")]
    private static partial void LogErased(ILogger logger, string fundId, int erased, int anonymised, int restricted);
}
