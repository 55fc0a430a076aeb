using MintFonds.Core.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>Sponsors: PartitionKey = fund id, RowKey = sponsor id (a hash of normalised name and e-mail).</summary>
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
        try
        {
            await AddAsync(sponsor.FundId, sponsor.Id, sponsor, cancellationToken);
            return (sponsor, false, false);
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
            var existing = (await GetAsync(sponsor.FundId, sponsor.Id, cancellationToken)
                ?? throw new InvalidOperationException("A sponsor row vanished between insert and read.")).Value;

            // Our own insert, committed while its answer was lost (the SDK retried and got 409): not a returning sponsor.
            if (existing.CreatedBySubmission == sponsor.CreatedBySubmission)
            {
                return (existing, false, false);
            }

            return (existing, true, existing.Details != sponsor.Details);
        }
    }
}
