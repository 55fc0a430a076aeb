using MintFonds.Core.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>Sponsors: PartitionKey = fund id, RowKey = sponsor id (a hash of normalised name and e-mail).</summary>
public sealed class SponsorTable(StorageAccount storage) : DocumentTable<Sponsor>(storage.Table(TableNames.Sponsors))
{
    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(Sponsor document) =>
        [new("Type", document.Type.ToString()), new("CreatedAt", document.CreatedAt)];

    /// <summary>
    /// Stores a new sponsor, or updates the one already known under the same id (a returning sponsor) with what they
    /// entered now (address, contact person), keeping when they were first seen: receipts print the current address.
    /// </summary>
    public async Task<(Sponsor Sponsor, bool Returning)> AddOrUpdateAsync(Sponsor sponsor, CancellationToken cancellationToken)
    {
        try
        {
            await AddAsync(sponsor.FundId, sponsor.Id, sponsor, cancellationToken);
            return (sponsor, false);
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
            var existing = await GetAsync(sponsor.FundId, sponsor.Id, cancellationToken)
                ?? throw new InvalidOperationException("A sponsor row vanished between insert and read.");
            var updated = sponsor with { CreatedAt = existing.Value.CreatedAt };
            if (updated != existing.Value)
            {
                // Last writer wins: both writers are the same sponsor, and the later entry is the current one.
                await UpsertAsync(sponsor.FundId, sponsor.Id, updated, cancellationToken);
            }

            return (updated, true);
        }
    }
}
