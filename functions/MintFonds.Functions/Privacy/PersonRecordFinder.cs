using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using MintFonds.Core.Applications;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// Collects a person's records in one fund by following index rows only, never by reading a table or a fund's history:
/// <list type="number">
/// <item>the person rows of the fund's partitions in Applications, Sponsors and Pledges (one range query each);</item>
/// <item>from each sponsor, the Ledger's <c>sponsor-{id}-…</c> links to its payments (one range query per sponsor);</item>
/// <item>from each payment, the <c>covers-{paymentId}</c> row of its year to the receipt (point reads), and from a
/// replacement back to the receipt it replaced;</item>
/// <item>from each pledge, its open proposal and its GiroCode images (a blob prefix of that pledge alone);</item>
/// <item>the PersonIndex rows of the person in the fund for e-mails: delivery ledger, local outbox, dead letters.</item>
/// </list>
/// So the work grows with what is stored about the person, not with what the fund stores about everyone.
/// </summary>
public sealed class PersonRecordFinder(
    StorageAccount storage, SponsorTable sponsors, PaymentTable payments, ReceiptTable receipts, DeadLetterTable deadLetters, PersonIndex index,
    Payouts.ProofOfUseTable proofsOfUse)
{
    private readonly TableClient _applications = storage.Table(TableNames.Applications);
    private readonly TableClient _pledges = storage.Table(TableNames.Pledges);
    private readonly TableClient _notifications = storage.Table(TableNames.Notifications);

    public async Task<PersonRecords> FindAsync(string fundId, string personKey, CancellationToken cancellationToken)
    {
        var records = new PersonRecords(fundId, personKey);
        await foreach (var row in _applications.QueryAsync<TableEntity>(PersonRows.RangeFilter(fundId, personKey), cancellationToken: cancellationToken))
        {
            records.IndexRows.Add((TableNames.Applications, row));
            if (await GetAsync(_applications, fundId, ApplicationRows.ApplicationKey(row.GetString("Id")), cancellationToken) is { } application
                && ApplicationRows.ReadApplication(application) is var stored && Core.Privacy.PersonKey.For(stored.Contact.Email) == personKey)
            {
                // Checked again: an index row that ever pointed elsewhere must never hand out someone else's application.
                records.Applications.Add(new(stored, application.ETag));

                // Its proof of use, if the grant has one: one point read next to the grant's decision row.
                if (await proofsOfUse.GetAsync(fundId, Payouts.PayoutRows.UseKey(stored.Reference), cancellationToken) is { } use)
                {
                    records.ProofsOfUse.Add(use.Value);
                }
            }
        }

        var sponsorIds = new List<string>();
        await foreach (var row in sponsors.Client.QueryAsync<TableEntity>(PersonRows.RangeFilter(fundId, personKey), cancellationToken: cancellationToken))
        {
            records.IndexRows.Add((TableNames.Sponsors, row));
            sponsorIds.Add(row.GetString("Id"));
        }

        await foreach (var row in _pledges.QueryAsync<TableEntity>(PersonRows.RangeFilter(fundId, personKey), cancellationToken: cancellationToken))
        {
            records.IndexRows.Add((TableNames.Pledges, row));
            sponsorIds.Add(row.GetString("SponsorId"));
            if (await GetAsync(_pledges, fundId, PledgeRows.PledgeKey(row.GetString("Id")), cancellationToken) is { } pledge
                && PledgeRows.ReadPledge(pledge) is var given && (given.GivenDetails is null || Core.Privacy.PersonKey.For(given.GivenDetails.Email) == personKey))
            {
                records.Pledges.Add(new(given, pledge.ETag));
                await AddGiroCodesAsync(records, row.GetString("Id"), cancellationToken);
            }

            if (row.GetString("ProposalId") is { } proposalId
                && await GetAsync(_pledges, fundId, PledgeRows.ProposalKey(proposalId), cancellationToken) is { } proposal)
            {
                records.Proposals.Add(PledgeRows.ReadProposal(proposal));
            }
        }

        foreach (var sponsorId in sponsorIds.Where(id => id is not null).Distinct(StringComparer.Ordinal))
        {
            if (await sponsors.GetAsync(fundId, sponsorId, cancellationToken) is { } sponsor && PersonKeyOf(sponsor.Value) == personKey)
            {
                records.Sponsors.Add(sponsor);
                await AddPaymentsAsync(records, sponsorId, cancellationToken);
            }
        }

        await AddMailAsync(records, cancellationToken);
        return records;
    }

    private static string PersonKeyOf(Sponsor sponsor) => Core.Privacy.PersonKey.For(sponsor.Email);

    private async Task AddPaymentsAsync(PersonRecords records, string sponsorId, CancellationToken cancellationToken)
    {
        await foreach (var link in payments.Client.QueryAsync<TableEntity>(PersonRows.SponsorLinkFilter(records.FundId, sponsorId), cancellationToken: cancellationToken))
        {
            records.IndexRows.Add((TableNames.Ledger, link));
            if (await payments.GetAsync(records.FundId, PaymentTable.RowKey(link.GetString("PaymentId")), cancellationToken) is not { } payment)
            {
                continue;
            }

            records.Payments.Add(payment);
            var partition = ReceiptTable.Partition(records.FundId, payment.Value.ValueDate.Year);
            var number = (await GetAsync(receipts.Client, partition, ReceiptTable.CoversKey(payment.Value.Id), cancellationToken))?.GetString("Number");
            while (number is not null && !records.Receipts.Any(r => r.Value.FundId == records.FundId && r.Value.Number == number))
            {
                var receipt = await receipts.GetAsync(partition, ReceiptTable.ReceiptKey(number), cancellationToken);
                if (receipt is null)
                {
                    break;
                }

                records.Receipts.Add(receipt);
                number = receipt.Value.Replaces; // A cancelled receipt is kept, and so is its PDF.
            }
        }
    }

    private async Task AddGiroCodesAsync(PersonRecords records, string pledgeReference, CancellationToken cancellationToken)
    {
        var container = storage.Container(BlobContainerNames.Attachments);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, PledgeMessages.GiroCodePrefix(records.FundId, pledgeReference), cancellationToken))
        {
            records.GiroCodes.Add(new PersonFile(
                BlobContainerNames.Attachments, blob.Name, "image/png", $"files/girocodes/{pledgeReference}-{records.GiroCodes.Count + 1}.png"));
        }
    }

    private async Task AddMailAsync(PersonRecords records, CancellationToken cancellationToken)
    {
        foreach (var artefact in await index.ListAsync(records.PersonKey, records.FundId, cancellationToken))
        {
            records.MailArtefacts.Add(artefact);
            switch (artefact.Kind)
            {
                case MailArtefactKind.Delivery when await GetAsync(_notifications, artefact.Id, DeliveryLedger.RowKey, cancellationToken) is { } delivery:
                    records.Deliveries.Add(delivery);
                    break;
                case MailArtefactKind.DeadLetter when await deadLetters.GetAsync(records.FundId, artefact.Id, cancellationToken) is { } deadLetter:
                    records.DeadLetters.Add(deadLetter.Value);
                    break;
            }
        }
    }

    private static async Task<TableEntity?> GetAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
