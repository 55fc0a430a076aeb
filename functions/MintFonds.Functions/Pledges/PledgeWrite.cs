using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Core.Notifications;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>The rows one accepted pledge writes besides the marker and the rules gate, built before the transaction.</summary>
public sealed record PledgeWrite(Pledge Pledge, TableEntity Marker, IReadOnlyList<TableEntity> Rows, IReadOnlyList<TableEntity> Outbox)
{
    public static PledgeWrite For(
        Fund fund, PledgeDraft draft, Sponsor entered, Sponsor sponsor, bool differs, bool returning, int year, long number, ReplayMarker replay, PaymentCodes paymentCodes, DateTimeOffset now)
    {
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
            Language = draft.Language,
            ReceiptPreference = draft.ReceiptPreference,
            Consents = draft.Consents,
            CreatedAt = now,
            GivenDetails = entered.Details,
        };

        var marker = replay.Entity(fund.Id, reference, now);
        marker["Returning"] = returning;
        var rows = new List<TableEntity> { PledgeRows.PledgeEntity(pledge) };
        rows.AddRange(pledge.Instalments.Select(instalment => PledgeRows.RemittanceEntity(fund.Id, instalment, reference)));

        // The code carries the first instalment; later ones are paid with their own reference (in the e-mail).
        // Its image is drawn when the e-mail is composed: nothing is stored for it, so no attempt leaves an orphan.
        var messages = new List<NotificationMessage> { PledgeMessages.Received(fund, entered, pledge, paymentCodes.PayloadFor(fund, pledge.Instalments[0])) };
        string? proposalId = null;
        if (differs)
        {
            // A known sponsor with other data: kept as a proposal for the office, and the sponsor is told.
            var proposal = new SponsorChangeProposal
            {
                FundId = fund.Id, Id = PledgeRows.ProposalId(sponsor.Id, entered.Details), SponsorId = sponsor.Id, Proposed = entered.Details,
                PledgeReference = reference, ProposedAt = now,
            };
            rows.Add(PledgeRows.ProposalEntity(proposal));
            messages.Add(PledgeMessages.ChangeProposed(fund, sponsor, proposal));
            proposalId = proposal.Id;
        }

        // The person index row: a data-subject request finds the pledge (and sponsor, proposal) without reading history.
        rows.Add(Privacy.PersonRows.Entity(
            fund.Id, Core.Privacy.PersonKey.For(entered.Email), reference, ("PledgeReference", reference), ("SponsorId", sponsor.Id), ("ProposalId", proposalId)));

        // The report run's index of sponsors (with the language of their reports) and the public list of named sponsors.
        rows.AddRange(Reports.SponsorIndex.ActiveWhileRunning(
            fund.Id, sponsor.Id, DateOnly.FromDateTime(Core.Time.BerlinTime.ToLocal(now).DateTime), pledge.Instalments.Max(i => i.DueOn)));
        rows.Add(Reports.SponsorIndex.PledgeOf(fund.Id, sponsor.Id, reference));
        if (pledge.PublicNameConsent)
        {
            rows.Add(Reports.SponsorIndex.Named(fund.Id, sponsor.Id, reference));
        }

        return new PledgeWrite(pledge, marker, rows, OutboxEntry.ForNotifications(fund.Id, reference, messages, now));
    }

    /// <summary>Adds the pledge, its lookup rows, a proposal (replacing an identical open one) and the outbox row.</summary>
    public void AddTo(PartitionBatch batch)
    {
        foreach (var row in Rows)
        {
            if (row.RowKey.StartsWith(PledgeRows.ProposalPrefix, StringComparison.Ordinal) || row.RowKey.StartsWith(Privacy.PersonRows.Prefix, StringComparison.Ordinal)
                || row.RowKey.StartsWith(Reports.SponsorIndex.ActivePrefix, StringComparison.Ordinal))
            {
                batch.Upsert(row);
            }
            else
            {
                batch.Add(row);
            }
        }

        foreach (var entry in Outbox)
        {
            batch.Add(entry);
        }
    }
}
