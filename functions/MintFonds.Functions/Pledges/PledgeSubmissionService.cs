using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Funds;
using MintFonds.Core.Pledges;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>
/// Accepts a pledge. Order: validation against the fund (nothing written on rejection; the fund comes from a one-minute
/// cache that the rules gate in the transaction keeps honest, see <see cref="IntakeRulesCache"/>), the sponsor
/// (insert-or-get by its normalised key, so a returning sponsor is recognised and a crash after this step leaves only a
/// sponsor a retry reuses; a known sponsor is never changed from here: other data becomes a proposal row for the office
/// in the pledge's transaction, with an e-mail to the sponsor's known address), then ONE transaction in the fund's
/// partition of the Pledges table: the replay marker (first: an existing one fails the transaction, and the post is
/// answered as the repeat it is), the rules gate, the pledge, a lookup row per remittance reference, and its e-mails as
/// one outbox row. Pledge numbers must be unique, not gapless: they come from blocks this instance reserved
/// (<see cref="NumberBlocks"/>), so concurrent pledges never race for a counter; unused numbers of a block are gaps.
/// </summary>
public sealed partial class PledgeSubmissionService(
    StorageAccount storage,
    IntakeRulesCache rulesCache,
    SponsorTable sponsors,
    PaymentCodes paymentCodes,
    NumberBlocks numbers,
    OutboxRelay relay,
    TimeProvider time,
    ILogger<PledgeSubmissionService> logger)
{
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(15);

    private const int MaxAttempts = 100;
    private const string ReusedKeyMessage = "Dieser Idempotency-Key wurde bereits für eine andere Zusage verwendet.";

    private readonly TableClient _table = storage.Table(TableNames.Pledges);

    public async Task<(PledgeOutcome Outcome, Fund Fund)> SubmitAsync(
        string fundId, PledgeInput input, byte[] body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var rules = await LoadAsync(fundId, cancellationToken);
        var now = time.GetUtcNow();
        var today = BerlinTime.Today(time);
        var replay = ReplayMarker.For("pledge", body, idempotencyKey);
        var draft = await ValidateAsync(rules, input, replay, today, now, cancellationToken);
        if (draft.Earlier is { } repeated)
        {
            return (repeated, rules.Fund!);
        }

        var entered = new Sponsor
        {
            FundId = fundId, Id = draft.Value!.SponsorId, Type = draft.Value.SponsorType, Name = draft.Value.SponsorName, Address = draft.Value.SponsorAddress,
            ContactPerson = draft.Value.ContactPerson, Email = draft.Value.Email, CreatedAt = now, CreatedBySubmission = Guid.NewGuid().ToString("N"),
        };
        var (sponsor, returning, differs) = await sponsors.AddOrGetAsync(entered, cancellationToken);

        var expiredMarker = default(ETag);
        long? number = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // Checked and accepted: the fund's very first pledge creates the rules gate now (nothing is written for a refusal).
            var (gated, readAgain) = await rulesCache.EnsureGateAsync(TableNames.Pledges, rules, cancellationToken);
            rules = gated;
            if (readAgain)
            {
                draft = await ValidateAsync(rules, input, replay, today, now, cancellationToken);
                if (draft.Earlier is { } repeatedMeanwhile)
                {
                    return (repeatedMeanwhile, rules.Fund!);
                }

                continue;
            }

            var fund = rules.Fund!;
            number ??= await numbers.NextAsync(TableNames.Pledges, fund.Id, PledgeRows.SequenceKey(today.Year), cancellationToken);
            var written = PledgeWrite.For(fund, draft.Value!, entered, sponsor, differs, returning, today.Year, number.Value, replay, paymentCodes, now);
            var batch = new PartitionBatch(fund.Id);
            var markerAt = replay.AddTo(batch, written.Marker, expiredMarker);
            var gateAt = RulesGate.Guard(batch, rules.Gate);
            written.AddTo(batch);
            try
            {
                await batch.SubmitAsync(_table, cancellationToken);
                LogAccepted(logger, fund.Id, written.Pledge.Reference, returning);
                await relay.TrySendNowAsync(TableNames.Pledges, written.Outbox, cancellationToken);
                return (new PledgeOutcome(written.Pledge, returning, Replayed: false), fund);
            }
            catch (RequestFailedException ex) when (TransactionFailure.IsConflict(ex))
            {
                var failure = TransactionFailure.Of(ex);
                if (failure.At(markerAt) || failure.Index is null)
                {
                    var marker = await replay.ReadAsync(_table, fund.Id, cancellationToken);
                    switch (replay.Classify(marker, now, DuplicateWindow, ReusedKeyMessage))
                    {
                        case ReplayMatch.Mine when marker!.GetString("Reference") == written.Pledge.Reference:
                            // This attempt committed; its answer was lost and the SDK's retry met its own marker.
                            LogAccepted(logger, fund.Id, written.Pledge.Reference, returning);
                            await relay.TrySendNowAsync(TableNames.Pledges, written.Outbox, cancellationToken);
                            return (new PledgeOutcome(written.Pledge, returning, Replayed: false), fund);
                        case ReplayMatch.Mine or ReplayMatch.Earlier:
                            return (await EarlierAsync(fund.Id, replay, marker!, cancellationToken), fund);
                        case ReplayMatch.Expired:
                            expiredMarker = marker!.ETag;
                            continue;
                    }
                }

                if (failure.At(gateAt))
                {
                    // The fund changed since it was read: validate again against what it is now (the number stays unused).
                    rulesCache.Forget(TableNames.Pledges, fundId);
                    rules = await LoadAsync(fundId, cancellationToken);
                    draft = await ValidateAsync(rules, input, replay, today, now, cancellationToken);
                    if (draft.Earlier is { } repeatedNow)
                    {
                        return (repeatedNow, rules.Fund!);
                    }

                    continue;
                }

                // A row of this number exists (it cannot, unless the counter was reset): take another number.
                number = null;
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<IntakeRules> LoadAsync(string fundId, CancellationToken cancellationToken)
    {
        var rules = Slug.IsValid(fundId) ? await rulesCache.GetAsync(TableNames.Pledges, fundId, callId: null, cancellationToken) : null;
        return rules?.Fund is null || rules.Fund.Status == FundStatus.Closed
            ? throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."))
            : rules;
    }

    /// <summary>The valid pledge, or, for a refused post that repeats an earlier one, that one's answer; otherwise the refusal.</summary>
    private async Task<(PledgeDraft? Value, PledgeOutcome? Earlier)> ValidateAsync(
        IntakeRules rules, PledgeInput input, ReplayMarker replay, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var validated = PledgeValidator.Validate(input, rules.Fund!, today, now);
        if (validated.Value is { } draft)
        {
            return (draft, null);
        }

        // A repeat gets the first answer even if today's rules would refuse the body.
        var marker = await replay.ReadAsync(_table, rules.Fund!.Id, cancellationToken);
        return replay.Classify(marker, now, DuplicateWindow, ReusedKeyMessage) is ReplayMatch.Earlier or ReplayMatch.Mine
            ? (null, await EarlierAsync(rules.Fund.Id, replay, marker!, cancellationToken))
            : throw new ProblemException(Problems.Validation(validated.Errors));
    }

    /// <summary>The pledge an earlier post created; its e-mails are relayed now if that post's answer was lost before they were.</summary>
    private async Task<PledgeOutcome> EarlierAsync(string fundId, ReplayMarker replay, TableEntity marker, CancellationToken cancellationToken)
    {
        var reference = marker.GetString("Reference");
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, PledgeRows.PledgeKey(reference), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            throw new InvalidDataException($"Marker {fundId}/{replay.RowKey} points to a missing pledge.");
        }

        await relay.TrySendPendingAsync(TableNames.Pledges, fundId, reference, cancellationToken);
        return new PledgeOutcome(PledgeRows.ReadPledge(row.Value!), marker.GetBoolean("Returning") ?? false, Replayed: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pledge {Reference} accepted for fund {FundId} (returning sponsor: {Returning})")]
    private static partial void LogAccepted(ILogger logger, string fundId, string reference, bool returning);
}
