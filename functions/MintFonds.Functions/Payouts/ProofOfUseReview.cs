using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Json;
using MintFonds.Core.Money;
using MintFonds.Core.Notifications;
using MintFonds.Core.Payments;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// The office's side of a proof of use: read it (and its files), accept it, or ask for more.
/// <para><b>Consistency design.</b> Accepting or asking for more is ONE transaction of the fund's Ledger partition: the
/// <c>use-</c> row (replaced only if its ETag is unchanged), the grantee's e-mail as an outbox row, and on acceptance
/// the <see cref="FigureKind.UseAccepted"/> fact with the participants per stage. Two office members acting at once:
/// the second one's ETag is stale and it answers 409 with the state the first one left. Unspent money (paid out minus
/// spent) becomes the repayment due; the e-mail carries a GiroCode for it (drawn when the e-mail is composed), and the
/// repayment is booked when a statement brings it (<see cref="StatementBookings"/>).</para>
/// </summary>
public sealed class ProofOfUseReview(
    StorageAccount storage,
    ProofOfUseTable uses,
    DecisionTable decisions,
    ApplicationStore applications,
    FundService funds,
    OutboxRelay relay,
    AuditLog audit,
    TimeProvider time)
{
    public const string GiroCodeContentId = "girocode.png";

    /// <summary>How long the grantee has for what the office asks for, unless the office names a date.</summary>
    public const int DefaultDaysForMore = 28;

    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    public async Task<ProofOfUseView> GetAsync(string fundId, string reference, CancellationToken cancellationToken)
    {
        var (application, _) = await applications.GetAsync(fundId, reference, cancellationToken);
        var use = await uses.GetAsync(fundId, PayoutRows.UseKey(reference), cancellationToken);
        return use is null ? ProofOfUseView.Due(reference, application.Decision?.ProofOfUseDueOn) : ProofOfUseViews.Of(use.Value);
    }

    public async Task<(byte[] Content, string ContentType, string FileName)> FileAsync(string fundId, string reference, string fileId, CancellationToken cancellationToken)
    {
        var use = ApplicationReference.IsWellFormed(reference) ? await uses.GetAsync(fundId, PayoutRows.UseKey(reference), cancellationToken) : null;
        var file = use?.Value.Files.FirstOrDefault(f => f.Id == fileId) ?? throw new ProblemException(Problems.NotFound("Diese Datei gibt es nicht."));
        var blob = storage.Container(BlobContainerNames.Attachments).GetBlobClient(file.BlobName(fundId, reference));
        var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        return (content, file.ContentType, $"{reference}-{file.Kind}-{file.Id[..8]}{Core.Uploads.FileSniffer.Extension(file.ContentType)}");
    }

    public async Task<ProofOfUseView> AcceptAsync(string fundId, string reference, ProofOfUseReviewInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var note = check.Text("message", input.Message, 2000, required: false, multiLine: true);
        ThrowIf(check);
        var (use, etag) = await RequireSubmittedAsync(fundId, reference, ProofOfUseState.Accepted, by, cancellationToken);
        var fund = (await funds.GetAsync(fundId, cancellationToken)).Value;
        var (application, _) = await applications.GetAsync(fundId, reference, cancellationToken);
        var decision = (await decisions.ReadAsync(fundId, reference, cancellationToken))?.Decision
            ?? throw new ProblemException(Problems.Conflict("Zu diesem Antrag gibt es keinen Zuschuss."));
        var now = time.GetUtcNow();
        var unspent = decision.HeldByGrantee - use.Spent;
        var accepted = use with
        {
            State = ProofOfUseState.Accepted,
            AcceptedAt = now,
            AcceptedBy = by.ObjectId,
            OfficeMessage = note,
            RepaymentDue = unspent > Euro.Zero ? unspent : null,
        };

        var remittance = ProofOfUseView.RemittanceFor(reference);
        var giroCode = accepted.RepaymentDue is { } due
            ? GiroCode.Payload(new GiroCodeTransfer
            {
                BeneficiaryName = fund.BankAccount.AccountHolder, Iban = fund.BankAccount.Iban, Bic = fund.BankAccount.Bic, Amount = due, RemittanceText = remittance,
            })
            : null;
        var message = new NotificationMessage
        {
            MessageKey = $"{NotificationTemplates.ProofOfUseAccepted}:{fundId}:{reference}",
            Template = NotificationTemplates.ProofOfUseAccepted,
            FundId = fundId,
            To = [new MailRecipient(application.Contact.Email, application.Contact.Name)],
            StatusLinkFor = reference,
            QrCodes = giroCode is null ? [] : [new QrCodeAttachment(giroCode, "girocode.png", GiroCodeContentId)],
            Data = JsonSerializer.SerializeToElement(
                new
                {
                    application = new { reference, projectTitle = application.Project.Title },
                    paidOut = decision.HeldByGrantee.ToDecimal(),
                    spent = use.Spent.ToDecimal(),
                    note,
                    repayment = accepted.RepaymentDue is { } r
                        ? new { amount = r.ToDecimal(), accountHolder = fund.BankAccount.AccountHolder, iban = Iban.Format(fund.BankAccount.Iban), bic = fund.BankAccount.Bic, remittance, giroCodeContentId = GiroCodeContentId }
                        : null,
                },
                MintFondsJson.Storage),
        };
        var figure = FigureEvents.Entity(
            fundId,
            "use-" + reference,
            new FigureEvent(
                FigureKind.UseAccepted, fundId, now, reference, use.Spent.Cents, application.Project.EducationStages, application.Project.MintFields,
                application.Institution.District, application.InstitutionKey, use.ParticipantsByStage));
        await CommitAsync(accepted, etag, message, "accepted", figure, cancellationToken);
        await AuditAsync(fundId, reference, "proofofuse.accept", by, accepted.RepaymentDue is { } d2 ? $"Rückzahlung fällig: {d2.ToGermanString()}" : note, cancellationToken);
        return ProofOfUseViews.Of(accepted);
    }

    public async Task<ProofOfUseView> RequestMoreAsync(string fundId, string reference, ProofOfUseReviewInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var text = check.Text("message", input.Message, 2000, multiLine: true);
        var today = Core.Time.BerlinTime.Today(time);
        var dueOn = input.DueOn ?? today.AddDays(DefaultDaysForMore);
        if (dueOn <= today || dueOn > today.AddYears(1))
        {
            check.Add("dueOn", "Die neue Frist muss nach heute und höchstens ein Jahr in der Zukunft liegen.");
        }

        ThrowIf(check);
        var (use, etag) = await RequireSubmittedAsync(fundId, reference, ProofOfUseState.MoreRequested, by, cancellationToken);
        var (application, _) = await applications.GetAsync(fundId, reference, cancellationToken);

        // The addition has its own deadline: a usedue- row in the same transaction, so the reminders and the overdue
        // list take it up as they do the first one; the grantee's next submission removes it.
        var next = use with { State = ProofOfUseState.MoreRequested, OfficeMessage = text, DueOn = dueOn };
        var message = new NotificationMessage
        {
            // One e-mail per request for more: the n-th submission's request has its own key.
            MessageKey = $"{NotificationTemplates.ProofOfUseMoreRequested}:{fundId}:{reference}:{use.Submissions}",
            Template = NotificationTemplates.ProofOfUseMoreRequested,
            FundId = fundId,
            To = [new MailRecipient(application.Contact.Email, application.Contact.Name)],
            StatusLinkFor = reference,
            Data = JsonSerializer.SerializeToElement(
                new { application = new { reference, projectTitle = application.Project.Title }, message = text, proofOfUseDueOn = dueOn },
                MintFondsJson.Storage),
        };
        await CommitAsync(next, etag, message, $"more-{use.Submissions}", PayoutRows.UseDueEntity(fundId, dueOn, reference), cancellationToken);
        await AuditAsync(fundId, reference, "proofofuse.request-more", by, text, cancellationToken);
        return ProofOfUseViews.Of(next);
    }

    private async Task<(ProofOfUse Use, ETag ETag)> RequireSubmittedAsync(string fundId, string reference, ProofOfUseState target, AdminPrincipal by, CancellationToken cancellationToken)
    {
        _ = await applications.GetAsync(fundId, reference, cancellationToken);
        var stored = await uses.GetAsync(fundId, PayoutRows.UseKey(reference), cancellationToken)
            ?? throw new ProblemException(Problems.Conflict("Es wurde noch kein Verwendungsnachweis eingereicht."));
        if (stored.Value.State != ProofOfUseState.Submitted)
        {
            var now = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(stored.Value.State.ToString());
            throw new ProblemException(Problems.Conflict(stored.Value.State == target && stored.Value.AcceptedBy == by.ObjectId
                ? "Das ist bereits geschehen."
                : $"Der Verwendungsnachweis ist im Stand '{now}'; prüfen lässt sich nur ein eingereichter Nachweis.") with
            {
                Extensions = new Dictionary<string, object> { ["currentState"] = now },
            });
        }

        return (stored.Value, stored.ETag);
    }

    /// <param name="extra">A row that commits with the change: the figure fact of an acceptance, the new due row of a request for more.</param>
    private async Task CommitAsync(ProofOfUse next, ETag etag, NotificationMessage message, string step, TableEntity? extra, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = uses.Entity(next, etag);
        var outbox = OutboxEntry.Create(next.FundId, $"use-{next.Reference}-{step}", QueueNames.Notifications, NotificationBatch.Serialize([message]), now);
        var batch = new PartitionBatch(next.FundId).ReplaceIfUnchanged(row).Add(outbox);
        if (extra is not null)
        {
            batch.Add(extra);
        }

        try
        {
            await batch.SubmitAsync(_table, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(next.FundId, row.RowKey, cancellationToken: cancellationToken);
            if (!stored.HasValue || stored.Value!.GetString("WriteId") != row.GetString("WriteId"))
            {
                throw new ProblemException(Problems.PreconditionFailed() with { Detail = "Der Verwendungsnachweis wurde gerade von jemand anderem bearbeitet; bitte neu laden." });
            }
        }

        await relay.TrySendNowAsync(TableNames.Ledger, [outbox], cancellationToken);
    }

    private Task AuditAsync(string fundId, string reference, string action, AdminPrincipal by, string? reason, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"application/{reference}", Reason = reason,
            },
            cancellationToken);

    private static void ThrowIf(InputChecker check)
    {
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }
    }
}
