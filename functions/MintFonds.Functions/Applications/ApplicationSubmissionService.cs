using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Applications;

/// <summary>
/// Accepts an application: validate against the rules of its call (nothing written on rejection), then store it in ONE
/// transaction (<see cref="ApplicationCommit"/>): replay marker, rules gate, reference number, yearly count, the
/// application and its e-mails as one outbox row. Only after that commit is the row relayed, as one queue message.
/// <para>Why this order: a crash before the commit leaves nothing (a retry starts over); a crash after it leaves the
/// e-mails in the outbox, where the relay timer finds them, or a retry of the same post relays them at once; no crash
/// can leave an application without its e-mails or create a second one, because the marker is in the transaction.</para>
/// <para>What it reads: the fund and call come from a one-minute cache that the rules gate in the same transaction keeps
/// honest (a changed rule set fails the commit, and the submission is validated again against what it then reads); a
/// repeat is found by the marker's insert failing, not by reading for it; the counter is known from this instance's last
/// commit. So an accepted application costs one transaction, one queue message and one delete.</para>
/// </summary>
public sealed partial class ApplicationSubmissionService(
    StorageAccount storage,
    IntakeRulesCache rulesCache,
    ApplicationCommit commit,
    OutboxRelay relay,
    TimeProvider time,
    ILogger<ApplicationSubmissionService> logger)
{
    /// <summary>An identical post without Idempotency-Key within this window is taken as a double click, not a new application.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(15);

    private const int MaxAttempts = 100;
    private const string ReusedKeyMessage = "Dieser Idempotency-Key wurde bereits für einen anderen Antrag verwendet.";

    private readonly TableClient _table = storage.Table(TableNames.Applications);

    public async Task<SubmissionOutcome> SubmitAsync(
        string fundId, string callId, ApplicationInput input, byte[] body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var rules = await LoadAsync(fundId, callId, cancellationToken);
        var now = time.GetUtcNow();
        var today = BerlinTime.Today(time);

        // Markers are per call: the same body for another call is new.
        var replay = ReplayMarker.For(callId, body, idempotencyKey);
        var expiredMarker = default(ETag);
        TableEntity? cap = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var draft = ApplicationValidator.Validate(input, rules.Fund!, rules.Call!, today, now);
            if (!draft.IsValid)
            {
                // A repeat gets the first answer even if today's rules would refuse the body (the call closed at midnight).
                return await EarlierOrRefuseAsync(rules.Fund!, replay, now, draft.Errors, cancellationToken);
            }

            var effective = FundingRules.Effective(rules.Fund!.Rules, rules.Call!.Rules);
            var counted = PartitionBatch.CounterValue(cap);
            if (cap is not null && effective.MaxApprovedPerInstitutionPerYear is { } max && counted >= max)
            {
                return await EarlierOrRefuseAsync(rules.Fund!, replay, now, [new FieldError(
                    "institution.name",
                    $"Für diese Einrichtung liegen im Jahr {today.Year} bereits {counted} Anträge vor; mehr als {max} je Kalenderjahr sind in diesem Fonds nicht möglich.")], cancellationToken);
            }

            var tried = await commit.TryAsync(rules, draft.Value!, replay, expiredMarker, cap, today.Year, now, cancellationToken);
            switch (tried.Result)
            {
                case CommitResult.Committed:
                    LogAccepted(logger, fundId, tried.Application.Reference, attempt);
                    await relay.TrySendNowAsync(TableNames.Applications, tried.Outbox, cancellationToken);
                    return new SubmissionOutcome(tried.Application, SubmissionKind.Created);
                case CommitResult.MarkerExists:
                    var marker = await replay.ReadAsync(_table, fundId, cancellationToken);
                    switch (replay.Classify(marker, now, DuplicateWindow, ReusedKeyMessage))
                    {
                        case ReplayMatch.Mine when marker!.GetString("Reference") == tried.Application.Reference:
                            // This attempt committed; its answer was lost and the SDK's retry met its own marker.
                            LogAccepted(logger, fundId, tried.Application.Reference, attempt);
                            await relay.TrySendNowAsync(TableNames.Applications, tried.Outbox, cancellationToken);
                            return new SubmissionOutcome(tried.Application, SubmissionKind.Created);
                        case ReplayMatch.Mine or ReplayMatch.Earlier:
                            return await EarlierAsync(rules.Fund!, replay, marker!, cancellationToken);
                        case ReplayMatch.Expired:
                            expiredMarker = marker!.ETag;
                            break;
                    }

                    break;
                case CommitResult.RulesChanged:
                    rulesCache.Forget(TableNames.Applications, fundId);
                    rules = await LoadAsync(fundId, callId, cancellationToken);
                    break;
                case CommitResult.CounterMoved:
                    await Contention.BackOffAsync(attempt, cancellationToken);
                    break;
                case CommitResult.CapMoved:
                    cap = tried.Cap;
                    break;
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<IntakeRules> LoadAsync(string fundId, string callId, CancellationToken cancellationToken)
    {
        var rules = Slug.IsValid(fundId)
            ? await rulesCache.GetAsync(TableNames.Applications, fundId, Slug.IsValid(callId) ? callId : null, cancellationToken)
            : null;
        if (rules?.Fund is null || rules.Fund.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
        }

        return rules.Call is null
            ? throw new ProblemException(Problems.NotFound($"Es gibt keine Förderrunde '{callId}' in diesem Fonds."))
            : rules;
    }

    /// <summary>A refused post that repeats an earlier one gets that one's answer; anything else gets the refusal.</summary>
    private async Task<SubmissionOutcome> EarlierOrRefuseAsync(
        Fund fund, ReplayMarker replay, DateTimeOffset now, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        var marker = await replay.ReadAsync(_table, fund.Id, cancellationToken);
        return replay.Classify(marker, now, DuplicateWindow, ReusedKeyMessage) is ReplayMatch.Earlier or ReplayMatch.Mine
            ? await EarlierAsync(fund, replay, marker!, cancellationToken)
            : throw new ProblemException(Problems.Validation(errors));
    }

    /// <summary>The application an earlier post created; its e-mails are relayed now if that post's answer was lost before they were.</summary>
    private async Task<SubmissionOutcome> EarlierAsync(Fund fund, ReplayMarker replay, TableEntity marker, CancellationToken cancellationToken)
    {
        var reference = marker.GetString("Reference");
        var stored = await _table.GetEntityIfExistsAsync<TableEntity>(fund.Id, ApplicationRows.ApplicationKey(reference), cancellationToken: cancellationToken);
        if (!stored.HasValue)
        {
            throw new InvalidDataException($"Marker {fund.Id}/{replay.RowKey} points to a missing application.");
        }

        await relay.TrySendPendingAsync(TableNames.Applications, fund.Id, reference, cancellationToken);

        // No token in the answer: it exists only in the applicant's e-mail, so a byte-identical post from anyone else
        // learns nothing but the reference.
        return new SubmissionOutcome(ApplicationRows.ReadApplication(stored.Value!), replay.IsKeyed ? SubmissionKind.Replayed : SubmissionKind.Duplicate);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} accepted for fund {FundId} (attempt {Attempt})")]
    private static partial void LogAccepted(ILogger logger, string fundId, string reference, int attempt);
}
