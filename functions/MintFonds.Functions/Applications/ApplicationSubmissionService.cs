using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Privacy;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Applications;

/// <summary>
/// Accepts an application: validate (nothing written on rejection), then write everything in ONE table transaction in
/// the fund's partition: the application, the next reference number (ETag-guarded counter, so references are gapless
/// and unique under concurrent posts), the institution's yearly count (ETag-guarded, so the cap holds under races),
/// the replay marker, the person index row (<c>person-{hash of the contact's e-mail}-{reference}</c>, so a data-subject
/// request finds the application without reading the fund's history), and the e-mail jobs as outbox rows. Only after
/// that commit are the jobs relayed to the queue.
/// Why this order: a crash before the commit leaves nothing (a retry starts over); a crash after it leaves the jobs in
/// the outbox, where the relay timer finds them; no crash can leave an application without its e-mails or create a
/// second one, because the retry finds the marker.
/// </summary>
public sealed partial class ApplicationSubmissionService(
    StorageAccount storage,
    FundTable funds,
    CallTable calls,
    OutboxRelay relay,
    TimeProvider time,
    ILogger<ApplicationSubmissionService> logger)
{
    /// <summary>An identical post without Idempotency-Key within this window is taken as a double click, not a new application.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(15);

    private const int MaxAttempts = 200;

    private readonly TableClient _table = storage.Table(TableNames.Applications);

    public async Task<SubmissionOutcome> SubmitAsync(
        string fundId, string callId, ApplicationInput input, byte[] body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (fund, call) = await LoadAsync(fundId, callId, cancellationToken);
        var now = time.GetUtcNow();

        // A replay is answered before validation: the first answer stands even if today's rules would refuse the body
        // (the call closed at midnight, the lead time moved on). Markers are per call: the same body for another call is new.
        var replay = ReplayMarker.For(callId, body, idempotencyKey);
        var earlier = await FindEarlierAsync(fund, replay, now, cancellationToken);
        if (earlier is not null)
        {
            return earlier;
        }

        var today = BerlinTime.Today(time);
        var draft = ApplicationValidator.Validate(input, fund, call, today, now);
        if (!draft.IsValid)
        {
            throw new ProblemException(Problems.Validation(draft.Errors));
        }

        var rules = FundingRules.Effective(fund.Rules, call.Rules);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1 && await FindEarlierAsync(fund, replay, now, cancellationToken) is { } concurrent)
            {
                return concurrent;
            }

            var committed = await TryCommitAsync(fund, call, draft.Value!, rules, replay, today.Year, now, cancellationToken);
            if (committed is not null)
            {
                LogAccepted(logger, fundId, committed.Value.Outcome.Application.Reference, attempt);
                await relay.TrySendNowAsync(TableNames.Applications, committed.Value.Outbox, cancellationToken);
                return committed.Value.Outcome;
            }

            // Someone else committed first (counter, cap or marker moved): back off a little and look again.
            await Contention.BackOffAsync(attempt, cancellationToken);
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<(Fund Fund, FundingCall Call)> LoadAsync(string fundId, string callId, CancellationToken cancellationToken)
    {
        var fund = Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null;
        if (fund is null || fund.Value.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
        }

        var call = Slug.IsValid(callId) ? await calls.GetAsync(fundId, callId, cancellationToken) : null;
        return call is null
            ? throw new ProblemException(Problems.NotFound($"Es gibt keine Förderrunde '{callId}' in diesem Fonds."))
            : (fund.Value, call.Value);
    }

    private async Task<SubmissionOutcome?> FindEarlierAsync(Fund fund, ReplayMarker replay, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var marker = await replay.FindAsync(
            _table, fund.Id, now, DuplicateWindow, "Dieser Idempotency-Key wurde bereits für einen anderen Antrag verwendet.", cancellationToken);
        if (marker is null)
        {
            return null;
        }

        var stored = await GetAsync(fund.Id, ApplicationRows.ApplicationKey(marker.GetString("Reference")), cancellationToken)
            ?? throw new InvalidDataException($"Marker {fund.Id}/{replay.RowKey} points to a missing application.");
        // No token in the answer: it exists only in the applicant's e-mail, so a byte-identical post from anyone else
        // learns nothing but the reference.
        return new SubmissionOutcome(ApplicationRows.ReadApplication(stored), replay.IsKeyed ? SubmissionKind.Replayed : SubmissionKind.Duplicate);
    }

    private async Task<(SubmissionOutcome Outcome, IReadOnlyList<TableEntity> Outbox)?> TryCommitAsync(
        Fund fund,
        FundingCall call,
        ApplicationDraft draft,
        EffectiveRules rules,
        ReplayMarker replay,
        int year,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sequenceKey = ApplicationRows.SequenceKey(year);
        var capKey = ApplicationRows.CapKey(year, draft.InstitutionKey);
        var sequence = await GetAsync(fund.Id, sequenceKey, cancellationToken);
        var cap = await GetAsync(fund.Id, capKey, cancellationToken);
        var activeThisYear = PartitionBatch.CounterValue(cap);
        if (rules.MaxApprovedPerInstitutionPerYear is { } max && activeThisYear >= max)
        {
            throw new ProblemException(Problems.Validation([new FieldError(
                "institution.name",
                $"Für diese Einrichtung liegen im Jahr {year} bereits {activeThisYear} Anträge vor; mehr als {max} je Kalenderjahr sind in diesem Fonds nicht möglich.")]));
        }

        var number = PartitionBatch.CounterValue(sequence) + 1;
        var application = new Application
        {
            FundId = fund.Id,
            CallId = call.Id,
            Reference = ApplicationReference.Format(fund.ReferencePrefix, year, number),
            Institution = draft.Institution,
            Contact = draft.Contact,
            Project = draft.Project,
            Budget = draft.Budget,
            BankAccount = draft.BankAccount,
            Consents = draft.Consents,
            Status = ApplicationStatus.Submitted,
            Timeline = [new StatusChange(ApplicationStatus.Submitted, now, null)],
            InstitutionKey = draft.InstitutionKey,
            SubmittedAt = now,
        };

        var entity = ApplicationRows.ApplicationEntity(application);
        if (entity.GetString("Json").Length > ApplicationRows.MaxDocumentLength)
        {
            throw new ProblemException(Problems.RecordTooLarge(
                "Der Antrag ist als Ganzes zu umfangreich. Bitte die Projektbeschreibung oder die Kostenpositionen kürzen."));
        }

        var batch = new PartitionBatch(fund.Id);
        batch.SetCounter(sequenceKey, sequence, number);
        batch.SetCounter(capKey, cap, activeThisYear + 1);
        batch.Add(entity);
        replay.AddTo(batch, replay.Entity(fund.Id, application.Reference, now));
        batch.Upsert(PersonRows.Entity(fund.Id, PersonKey.For(application.Contact.Email), application.Reference));

        var outbox = ApplicationMessages.ForSubmission(fund, call, application)
            .Select((message, index) => OutboxEntry.Create(
                fund.Id, $"{application.Reference}-{index}", QueueNames.Notifications, JsonSerializer.Serialize(message, MintFondsJson.Storage), now))
            .ToList();
        foreach (var entry in outbox)
        {
            batch.Add(entry);
        }

        try
        {
            await batch.SubmitAsync(_table, cancellationToken);
            return (new SubmissionOutcome(application, SubmissionKind.Created), outbox);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} accepted for fund {FundId} (attempt {Attempt})")]
    private static partial void LogAccepted(ILogger logger, string fundId, string reference, int attempt);
}
