using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Pledges;
using MintFonds.Core.Privacy;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// Withdraws an optional consent (Art. 7 (3) DSGVO): publishing an application's project, or naming a sponsor. The
/// stored flag is what every later use reads (reports, the transparency page), so changing it takes effect everywhere
/// from then on; the withdrawal itself is kept beside the original consent as proof (when, recorded by whom, channel),
/// and audited. Each record is changed with its ETag; a 412 re-reads, and a record that already shows a withdrawal keeps
/// the first one's time (so a retry after a lost answer changes nothing).
/// </summary>
public sealed partial class ConsentService(
    StorageAccount storage, FundService funds, PersonRecordFinder finder, PledgeTable pledges, AuditLog audit, TimeProvider time, ILogger<ConsentService> logger)
{
    /// <summary>Recorded by the fund office on the person's request (letter, e-mail, phone).</summary>
    public const string Channel = "geschaeftsstelle";

    public async Task<ConsentWithdrawalReport> WithdrawAsync(string fundId, ConsentWithdrawalInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var (email, consent, reference) = Check(input);
        await funds.GetAsync(fundId, cancellationToken);
        var records = await finder.FindAsync(fundId, PersonKey.For(email), cancellationToken);
        var name = consent == ConsentKind.PublishProject ? "publishProject" : "publicName";
        var now = time.GetUtcNow();
        var changes = new List<ConsentChange>();
        if (consent == ConsentKind.PublishProject)
        {
            foreach (var application in records.Applications.Where(a => reference is null || a.Value.Reference == reference))
            {
                var stored = await ApplicationChanges.ApplyAsync(
                    storage.Table(TableNames.Applications), fundId, application.Value.Reference,
                    a => Withdrawn(a.Consents, name, now, by) is { } consents ? a with { Consents = consents } : null,
                    cancellationToken);
                changes.Add(Change("application/" + application.Value.Reference, stored?.Consents, name, now));
            }
        }
        else
        {
            foreach (var pledge in records.Pledges.Where(p => reference is null || p.Value.Reference == reference))
            {
                var stored = await GuardedChange.ApplyAsync(
                    pledges, fundId, PledgeRows.PledgeKey(pledge.Value.Reference),
                    p => Withdrawn(p.Consents, name, now, by) is { } consents ? p with { Consents = consents, PublicNameConsent = false } : null,
                    cancellationToken);
                changes.Add(Change("pledge/" + pledge.Value.Reference, stored?.Consents, name, now));
            }
        }

        if (changes.Count == 0)
        {
            throw new ProblemException(Problems.NotFound(consent == ConsentKind.PublishProject
                ? "Zu dieser E-Mail-Adresse gibt es in diesem Fonds keinen Antrag" + (reference is null ? "." : $" {reference}.")
                : "Zu dieser E-Mail-Adresse gibt es in diesem Fonds keine Förderzusage" + (reference is null ? "." : $" {reference}.")));
        }

        foreach (var change in changes.Where(c => c.State == ConsentState.Withdrawn))
        {
            await audit.WriteAsync(
                new AuditEntry
                {
                    Subject = fundId, Action = "privacy.consent.withdraw", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                    Target = change.Record, FromState = "given", ToState = "withdrawn", Reason = name,
                },
                cancellationToken);
        }

        var withdrawn = changes.Count(c => c.State == ConsentState.Withdrawn);
        LogWithdrawn(logger, fundId, name, withdrawn);
        return new ConsentWithdrawalReport(fundId, consent, changes);
    }

    /// <summary>The consents with the withdrawal added, or null when there is nothing to change.</summary>
    private static Consents? Withdrawn(Consents consents, string name, DateTimeOffset now, AdminPrincipal by) =>
        !consents.PublishProject ? null : consents with
        {
            PublishProject = false,
            Withdrawals = [.. consents.Withdrawals ?? [], new ConsentWithdrawal(name, now, by.ObjectId, Channel)],
        };

    private static ConsentChange Change(string record, Consents? stored, string name, DateTimeOffset now)
    {
        var first = stored?.Withdrawals?.FirstOrDefault(w => w.Consent == name);
        return first is null
            ? new ConsentChange(record, ConsentState.NeverGiven, null)
            : new ConsentChange(record, first.WithdrawnAt == now ? ConsentState.Withdrawn : ConsentState.AlreadyWithdrawn, first.WithdrawnAt);
    }

    private static (string Email, ConsentKind Consent, string? Reference) Check(ConsentWithdrawalInput input)
    {
        var check = new InputChecker();
        var email = check.Email("email", input.Email?.Trim());
        var consent = check.RequiredValue("consent", input.Consent);
        var reference = input.Reference?.Trim();
        if (reference is not null && consent is { } kind
            && !(kind == ConsentKind.PublishProject ? ApplicationReference.IsWellFormed(reference) : PledgeReferences.IsWellFormed(reference)))
        {
            check.Add("reference", kind == ConsentKind.PublishProject
                ? "Bitte die Antragsnummer angeben (z. B. MRF-2027-0042)."
                : "Bitte die Nummer der Förderzusage angeben (z. B. MRF-P-2027-0042).");
        }

        return check.HasErrors ? throw new ProblemException(Problems.Validation(check.Errors)) : (email!, consent!.Value, reference);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent {Consent} withdrawn in fund {FundId} for {Records} records")]
    private static partial void LogWithdrawn(ILogger logger, string fundId, string consent, int records);
}
