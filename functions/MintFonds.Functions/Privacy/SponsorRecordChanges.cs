using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Core.Privacy;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// The single changes <see cref="SponsorRetention"/> decides on, one record at a time: restrict (ETag-guarded, see
/// <see cref="GuardedChange"/>), anonymise (files first, then the row, then its index row), delete an unpaid pledge
/// (images, remittance lookups, the pledge, its index row last). Each is safe to repeat after a crash or a lost answer.
/// </summary>
public sealed class SponsorRecordChanges(StorageAccount storage, PledgeTable pledges, PaymentTable payments, ReceiptTable receipts)
{
    /// <summary>Stands in for the sponsor id on anonymised payments, receipts and pledges.</summary>
    public const string AnonymousSponsor = "anonymisiert";

    public PledgeTable Pledges => pledges;

    public PaymentTable Payments => payments;

    public ReceiptTable Receipts => receipts;

    /// <summary>Marks a record restricted until <paramref name="until"/> (keeping the first restriction's time and author).</summary>
    public static async Task RestrictAsync<T>(
        DocumentTable<T> table,
        string partitionKey,
        string rowKey,
        Func<T, Restriction?> current,
        Func<T, Restriction, T> restricted,
        DateOnly until,
        RetentionDuty duty,
        string by,
        DateTimeOffset now,
        CancellationToken cancellationToken)
        where T : class =>
        await GuardedChange.ApplyAsync(
            table,
            partitionKey,
            rowKey,
            document => current(document) switch
            {
                { } same when same.RetainUntil == until => null,
                { } earlier => restricted(document, earlier with { RetainUntil = until }),
                null => restricted(document, new Restriction(now, until, duty, by)),
            },
            cancellationToken);

    public async Task AnonymisePaymentAsync(string fundId, Payment payment, DateTimeOffset now, CancellationToken cancellationToken) =>
        await GuardedChange.ApplyAsync(payments, fundId, PaymentTable.RowKey(payment.Id), p => p.AnonymisedAt is not null ? null : p with
        {
            PayerName = ApplicationAnonymiser.Placeholder,
            RemittanceText = null,
            Match = p.Match is { } match ? match with { SponsorId = AnonymousSponsor } : null,
            Restriction = null,
            AnonymisedAt = now,
        }, cancellationToken);

    public async Task AnonymiseReceiptAsync(ReceiptRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The PDF first: it is the personal part (name and address), and the row is what leads to it.
        await storage.Container(BlobContainerNames.Receipts).GetBlobClient(record.BlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await GuardedChange.ApplyAsync(receipts, ReceiptTable.Partition(record.FundId, record.Year), ReceiptTable.ReceiptKey(record.Number), r => r.AnonymisedAt is not null ? null : r with
        {
            SponsorId = AnonymousSponsor, Restriction = null, AnonymisedAt = now,
        }, cancellationToken);
    }

    public async Task AnonymisePledgeAsync(PersonRecords records, Pledge pledge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await DeleteGiroCodesAsync(records, pledge.Reference, cancellationToken);
        await GuardedChange.ApplyAsync(pledges, records.FundId, PledgeRows.PledgeKey(pledge.Reference), p => p.AnonymisedAt is not null ? null : p with
        {
            SponsorId = AnonymousSponsor, GivenDetails = null, Restriction = null, AnonymisedAt = now,
        }, cancellationToken);
        await ForgetIndexRowAsync(records, TableNames.Pledges, pledge.Reference, cancellationToken);
    }

    /// <returns>How many GiroCode images were deleted with it.</returns>
    public async Task<int> DeletePledgeAsync(PersonRecords records, Pledge pledge, CancellationToken cancellationToken)
    {
        var images = await DeleteGiroCodesAsync(records, pledge.Reference, cancellationToken);
        foreach (var instalment in pledge.Instalments)
        {
            await DeleteRowAsync(pledges.Client, records.FundId, PledgeRows.RemittanceKey(instalment.RemittanceReference), cancellationToken);
        }

        // The report and transparency index rows of the pledge (see Reports.SponsorIndex): no pledge, no listing.
        await DeleteRowAsync(pledges.Client, records.FundId, Reports.SponsorIndex.PledgeOf(records.FundId, pledge.SponsorId, pledge.Reference).RowKey, cancellationToken);
        await DeleteRowAsync(pledges.Client, records.FundId, Reports.SponsorIndex.Named(records.FundId, pledge.SponsorId, pledge.Reference).RowKey, cancellationToken);
        await DeleteRowAsync(pledges.Client, records.FundId, PledgeRows.PledgeKey(pledge.Reference), cancellationToken);
        await ForgetIndexRowAsync(records, TableNames.Pledges, pledge.Reference, cancellationToken);
        return images;
    }

    /// <returns>How many images there were (found by the finder), now deleted.</returns>
    private async Task<int> DeleteGiroCodesAsync(PersonRecords records, string pledgeReference, CancellationToken cancellationToken)
    {
        var prefix = PledgeMessages.GiroCodePrefix(records.FundId, pledgeReference);
        var images = records.GiroCodes.Where(f => f.BlobName.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var file in images)
        {
            await storage.Container(file.Container).GetBlobClient(file.BlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        return images.Count;
    }

    /// <summary>Ledger links of this sponsor whose payment is gone or anonymised no longer lead anywhere.</summary>
    public async Task ForgetLinksAsync(PersonRecords records, string sponsorId, CancellationToken cancellationToken)
    {
        foreach (var (_, link) in records.IndexRows.Where(r => r.Table == TableNames.Ledger && r.Row.RowKey.StartsWith(PersonRows.SponsorLinkKey(sponsorId, string.Empty), StringComparison.Ordinal)))
        {
            var payment = await payments.GetAsync(records.FundId, PaymentTable.RowKey(link.GetString("PaymentId")), cancellationToken);
            if (payment is null || payment.Value.AnonymisedAt is not null)
            {
                await DeleteRowAsync(payments.Client, link.PartitionKey, link.RowKey, cancellationToken);
            }
        }
    }

    private async Task ForgetIndexRowAsync(PersonRecords records, string table, string id, CancellationToken cancellationToken) =>
        await DeleteRowAsync(storage.Table(table), records.FundId, PersonRows.Key(records.PersonKey, id), cancellationToken);

    public static async Task DeleteRowAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public static async Task<TableEntity?> GetAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
