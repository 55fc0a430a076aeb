using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Pledges;
using MintFonds.Core.Privacy;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>
/// Accepts a pledge. Order: replay check (a retried post gets the first answer), validation (nothing written on
/// rejection), the sponsor (insert-or-get by its normalised key, so a returning sponsor is recognised and a crash
/// after this step leaves only a sponsor a retry reuses; a known sponsor is never changed from here: other data becomes a
/// proposal row for the office in the pledge's transaction, with an e-mail to the sponsor's known address), then ONE transaction in the fund's partition of the Pledges table: the
/// pledge, its number (ETag-guarded counter), a lookup row per remittance reference, the replay marker, the person
/// index row (<c>person-{hash of the e-mail}-{reference}</c>, naming the sponsor and any proposal) and the e-mail job
/// (outbox): at most 17 actions. Pledge numbers must be unique, not gapless: a lost race only skips a number.
/// </summary>
public sealed partial class PledgeSubmissionService(
    StorageAccount storage,
    FundTable funds,
    SponsorTable sponsors,
    PaymentCodes paymentCodes,
    OutboxRelay relay,
    TimeProvider time,
    ILogger<PledgeSubmissionService> logger)
{
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(15);

    private const int MaxAttempts = 100;

    private readonly TableClient _table = storage.Table(TableNames.Pledges);

    public async Task<(PledgeOutcome Outcome, Fund Fund)> SubmitAsync(
        string fundId, PledgeInput input, byte[] body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var fund = (Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null)?.Value;
        if (fund is null || fund.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
        }

        var now = time.GetUtcNow();
        var replay = ReplayMarker.For("pledge", body, idempotencyKey);
        if (await FindEarlierAsync(fund.Id, replay, now, cancellationToken) is { } earlier)
        {
            return (earlier, fund);
        }

        var validated = PledgeValidator.Validate(input, fund, BerlinTime.Today(time), now);
        var draft = validated.Value ?? throw new ProblemException(Problems.Validation(validated.Errors));
        var entered = new Sponsor
        {
            FundId = fund.Id, Id = draft.SponsorId, Type = draft.SponsorType, Name = draft.SponsorName, Address = draft.SponsorAddress,
            ContactPerson = draft.ContactPerson, Email = draft.Email, CreatedAt = now, CreatedBySubmission = Guid.NewGuid().ToString("N"),
        };
        var (sponsor, returning, differs) = await sponsors.AddOrGetAsync(entered, cancellationToken);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1 && await FindEarlierAsync(fund.Id, replay, now, cancellationToken) is { } concurrent)
            {
                return (concurrent, fund);
            }

            var year = BerlinTime.Today(time).Year;
            var sequence = await GetAsync(fund.Id, PledgeRows.SequenceKey(year), cancellationToken);
            var number = PartitionBatch.CounterValue(sequence) + 1;
            var reference = PledgeReferences.Pledge(fund.ReferencePrefix, year, number);
            var pledge = new Pledge
            {
                FundId = fund.Id,
                Reference = reference,
                SponsorId = sponsor.Id,
                Kind = draft.Kind,
                Schedule = draft.Schedule,
                Instalments = draft.Instalments(reference),
                Earmark = draft.Earmark,
                PublicNameConsent = draft.PublicNameConsent,
                ReceiptPreference = draft.ReceiptPreference,
                Consents = draft.Consents,
                CreatedAt = now,
                GivenDetails = entered.Details,
            };

            // The code carries the first instalment; later ones are paid with their own reference (in the e-mail).
            // Its image is drawn when the e-mail is composed: nothing is stored for it, so no attempt leaves an orphan.
            var giroCodePayload = paymentCodes.PayloadFor(fund, pledge.Instalments[0]);

            var batch = new PartitionBatch(fund.Id);
            batch.Add(PledgeRows.PledgeEntity(pledge));
            batch.SetCounter(PledgeRows.SequenceKey(year), sequence, number);

            foreach (var instalment in pledge.Instalments)
            {
                batch.Add(PledgeRows.RemittanceEntity(fund.Id, instalment, reference));
            }

            var marker = replay.Entity(fund.Id, reference, now);
            marker["Returning"] = returning;
            replay.AddTo(batch, marker);

            var outbox = new List<TableEntity>
            {
                OutboxEntry.Create(
                    fund.Id, reference, QueueNames.Notifications, JsonSerializer.Serialize(PledgeMessages.Received(fund, entered, pledge, giroCodePayload), MintFondsJson.Storage), now),
            };
            string? proposalId = null;
            if (differs)
            {
                // A known sponsor with other data: kept as a proposal for the office, and the sponsor is told.
                var proposal = new SponsorChangeProposal
                {
                    FundId = fund.Id, Id = PledgeRows.ProposalId(sponsor.Id, entered.Details), SponsorId = sponsor.Id, Proposed = entered.Details,
                    PledgeReference = reference, ProposedAt = now,
                };
                batch.Upsert(PledgeRows.ProposalEntity(proposal));
                proposalId = proposal.Id;
                outbox.Add(OutboxEntry.Create(
                    fund.Id, $"{reference}-proposal", QueueNames.Notifications, JsonSerializer.Serialize(PledgeMessages.ChangeProposed(fund, sponsor, proposal), MintFondsJson.Storage), now));
            }

            batch.Upsert(PersonRows.Entity(
                fund.Id, PersonKey.For(entered.Email), reference, ("PledgeReference", reference), ("SponsorId", sponsor.Id), ("ProposalId", proposalId)));

            foreach (var entry in outbox)
            {
                batch.Add(entry);
            }

            try
            {
                await batch.SubmitAsync(_table, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
                continue;
            }

            LogAccepted(logger, fund.Id, reference, returning);
            await relay.TrySendNowAsync(TableNames.Pledges, outbox, cancellationToken);
            return (new PledgeOutcome(pledge, returning, Replayed: false), fund);
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<PledgeOutcome?> FindEarlierAsync(string fundId, ReplayMarker replay, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var marker = await replay.FindAsync(
            _table, fundId, now, DuplicateWindow, "Dieser Idempotency-Key wurde bereits für eine andere Zusage verwendet.", cancellationToken);
        if (marker is null)
        {
            return null;
        }

        var row = await GetAsync(fundId, PledgeRows.PledgeKey(marker.GetString("Reference")), cancellationToken)
            ?? throw new InvalidDataException($"Marker {fundId}/{replay.RowKey} points to a missing pledge.");
        return new PledgeOutcome(PledgeRows.ReadPledge(row), marker.GetBoolean("Returning") ?? false, Replayed: true);
    }

    private async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pledge {Reference} accepted for fund {FundId} (returning sponsor: {Returning})")]
    private static partial void LogAccepted(ILogger logger, string fundId, string reference, bool returning);
}
