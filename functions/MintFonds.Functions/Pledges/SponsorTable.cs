using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Pledges;
using MintFonds.Core.Privacy;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>
/// Sponsors: PartitionKey = fund id, RowKey = sponsor id (a hash of normalised name and e-mail). Beside each sponsor,
/// in the same partition, its person index row <c>person-{hash of the e-mail}-{sponsorId}</c> (written in the sponsor's
/// insert transaction) and any retention work due for it (<c>due-…</c>, see <see cref="RetentionDue"/>).
/// </summary>
public sealed class SponsorTable(StorageAccount storage) : DocumentTable<Sponsor>(storage.Table(TableNames.Sponsors))
{
    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(Sponsor document) =>
        [new("Type", document.Type.ToString()), new("CreatedAt", document.CreatedAt)];

    /// <summary>
    /// Stores a new sponsor, or finds the one already known under the same id. A known sponsor is never changed here:
    /// anyone can type a sponsor's name and e-mail address into the public form, so differing data comes back as
    /// <c>Differs</c> for the caller to keep as a proposal the office decides on.
    /// </summary>
    /// <param name="sponsor">The sponsor as entered; <see cref="Sponsor.CreatedBySubmission"/> must be a fresh random id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored sponsor, whether it was known before this submission, and whether the entered data differs from it.</returns>
    public async Task<(Sponsor Sponsor, bool Returning, bool Differs)> AddOrGetAsync(Sponsor sponsor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // One transaction: no sponsor without the index row that lets a data-subject request find it.
                await new PartitionBatch(sponsor.FundId).Add(ToEntity(sponsor.FundId, sponsor.Id, sponsor)).Upsert(PersonIndexRow(sponsor))
                    .SubmitAsync(Table, cancellationToken);
                return (sponsor, false, false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var stored = await GetAsync(sponsor.FundId, sponsor.Id, cancellationToken);
                if (stored is null && attempt < 3)
                {
                    continue; // Erased between our insert and this read: insert again.
                }

                var existing = (stored ?? throw new InvalidOperationException("A sponsor row vanished between insert and read.")).Value;

                // Our own insert, committed while its answer was lost (the SDK retried and got 409): not a returning sponsor.
                if (existing.CreatedBySubmission == sponsor.CreatedBySubmission)
                {
                    return (existing, false, false);
                }

                // Sponsors stored before the index existed get their index row when they come back.
                await Table.UpsertEntityAsync(PersonIndexRow(existing), TableUpdateMode.Replace, cancellationToken);
                return (existing, true, existing.Details != sponsor.Details);
            }
        }
    }

    /// <summary>The sponsor's row in the person index of its fund.</summary>
    public static TableEntity PersonIndexRow(Sponsor sponsor) =>
        PersonRows.Entity(sponsor.FundId, PersonKey.For(sponsor.Email), sponsor.Id, ("SponsorId", sponsor.Id));

    public TableClient Client => Table;

    /// <summary>The sponsor's row for a transaction, guarded by <paramref name="etag"/>.</summary>
    public TableEntity Entity(Sponsor sponsor, ETag etag)
    {
        var entity = ToEntity(sponsor.FundId, sponsor.Id, sponsor);
        entity.ETag = etag;
        return entity;
    }
}
