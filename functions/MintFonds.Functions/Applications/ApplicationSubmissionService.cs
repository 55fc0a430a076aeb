using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Applications;

/// <summary>
/// Accepts an application: validate (nothing written on rejection), then write everything in ONE table transaction in
/// the fund's partition: the application, the next reference number (ETag-guarded counter, so references are gapless
/// and unique under concurrent posts), the institution's yearly count (ETag-guarded, so the cap holds under races),
/// the replay marker, and the e-mail jobs as outbox rows. Only after that commit are the jobs relayed to the queue.
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
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var scope = Encoding.UTF8.GetBytes(callId + "|");
        var replay = idempotencyKey is null
            ? new ReplayKey("dup-" + Hash("dup", [.. scope, .. body]), body, IsKeyed: false)
            : new ReplayKey("idem-" + Hash("idem", [.. scope, .. Encoding.UTF8.GetBytes(idempotencyKey)]), Encoding.UTF8.GetBytes(idempotencyKey), IsKeyed: true);
        var earlier = await FindEarlierAsync(fund, replay, requestHash, now, cancellationToken);
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
            if (attempt > 1 && await FindEarlierAsync(fund, replay, requestHash, now, cancellationToken) is { } concurrent)
            {
                return concurrent;
            }

            var committed = await TryCommitAsync(fund, call, draft.Value!, rules, replay, requestHash, today.Year, now, cancellationToken);
            if (committed is not null)
            {
                LogAccepted(logger, fundId, committed.Value.Outcome.Application.Reference, attempt);
                await relay.TrySendNowAsync(TableNames.Applications, committed.Value.Outbox, cancellationToken);
                return committed.Value.Outcome;
            }

            // Someone else committed first (counter, cap or marker moved): back off a little and look again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 + Math.Min(attempt * 5, 200))), cancellationToken);
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

    private async Task<SubmissionOutcome?> FindEarlierAsync(
        Fund fund, ReplayKey replay, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fundId = fund.Id;
        var marker = await GetAsync(fundId, replay.RowKey, cancellationToken);
        if (marker is null)
        {
            return null;
        }

        if (replay.IsKeyed && marker.GetString("RequestHash") != requestHash)
        {
            throw new ProblemException(Problems.Validation(
                [new FieldError("Idempotency-Key", "Dieser Idempotency-Key wurde bereits für einen anderen Antrag verwendet.")]));
        }

        if (!replay.IsKeyed && now - marker.GetDateTimeOffset("CreatedAt") > DuplicateWindow)
        {
            return null;
        }

        var stored = await GetAsync(fundId, ApplicationRows.ApplicationKey(marker.GetString("Reference")), cancellationToken)
            ?? throw new InvalidDataException($"Marker {fundId}/{replay.RowKey} points to a missing application.");
        var token = StatusToken.Unseal(marker.GetString("SealedToken"), replay.SecretMaterial);
        var application = ApplicationRows.ReadApplication(stored);
        return new SubmissionOutcome(
            application,
            token,
            replay.IsKeyed ? SubmissionKind.Replayed : SubmissionKind.Duplicate,
            token is null ? null : StatusLink(fund, application.Reference, token));
    }

    private async Task<(SubmissionOutcome Outcome, IReadOnlyList<TableEntity> Outbox)?> TryCommitAsync(
        Fund fund,
        FundingCall call,
        ApplicationDraft draft,
        EffectiveRules rules,
        ReplayKey replay,
        string requestHash,
        int year,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sequenceKey = ApplicationRows.SequenceKey(year);
        var capKey = ApplicationRows.CapKey(year, draft.InstitutionKey);
        var sequence = await GetAsync(fund.Id, sequenceKey, cancellationToken);
        var cap = await GetAsync(fund.Id, capKey, cancellationToken);
        var activeThisYear = ApplicationRows.CounterValue(cap);
        if (rules.MaxApprovedPerInstitutionPerYear is { } max && activeThisYear >= max)
        {
            throw new ProblemException(Problems.Validation([new FieldError(
                "institution.name",
                $"Für diese Einrichtung liegen im Jahr {year} bereits {activeThisYear} Anträge vor; mehr als {max} je Kalenderjahr sind in diesem Fonds nicht möglich.")]));
        }

        var number = ApplicationRows.CounterValue(sequence) + 1;
        var token = StatusToken.Create();
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
            StatusTokenHash = StatusToken.Hash(token),
            InstitutionKey = draft.InstitutionKey,
            SubmittedAt = now,
        };

        var batch = new PartitionBatch(fund.Id);
        AddCounter(batch, fund.Id, sequenceKey, sequence, number);
        AddCounter(batch, fund.Id, capKey, cap, activeThisYear + 1);
        batch.Add(ApplicationRows.ApplicationEntity(application));
        var marker = ApplicationRows.Marker(fund.Id, replay.RowKey, application.Reference, requestHash, StatusToken.Seal(token, replay.SecretMaterial), now);
        if (replay.IsKeyed)
        {
            batch.Add(marker);
        }
        else
        {
            // An older marker of the same body (outside the window) is simply replaced.
            batch.Upsert(marker);
        }

        var link = StatusLink(fund, application.Reference, token);
        var outbox = ApplicationMessages.ForSubmission(fund, call, application, link)
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
            return (new SubmissionOutcome(application, token, SubmissionKind.Created, link), outbox);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>The link for e-mails: the fund's status page with the access data in the fragment, which browsers never send to a server.</summary>
    public static string? StatusLink(Fund fund, string reference, string token) =>
        fund.Contact.StatusPageUrl is { } page ? $"{page}#{fund.Id}/{reference}/{token}" : null;

    private static void AddCounter(PartitionBatch batch, string fundId, string rowKey, TableEntity? current, long value)
    {
        if (current is null)
        {
            batch.Add(ApplicationRows.Counter(fundId, rowKey, value, default));
        }
        else
        {
            batch.ReplaceIfUnchanged(ApplicationRows.Counter(fundId, rowKey, value, current.ETag));
        }
    }

    private async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static string Hash(string purpose, byte[] material) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(purpose + "|"), .. material]));

    private sealed record ReplayKey(string RowKey, byte[] SecretMaterial, bool IsKeyed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} accepted for fund {FundId} (attempt {Attempt})")]
    private static partial void LogAccepted(ILogger logger, string fundId, string reference, int attempt);
}
