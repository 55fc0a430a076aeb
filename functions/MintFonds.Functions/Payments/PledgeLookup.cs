using Azure.Data.Tables;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payments;

/// <summary>Finds the pledge and instalment a remittance reference belongs to (the lookup rows written with each pledge).</summary>
public sealed class PledgeLookup(StorageAccount storage)
{
    private readonly TableClient _table = storage.Table(TableNames.Pledges);

    public async Task<(Pledge Pledge, Instalment Instalment)?> FindAsync(string fundId, string remittanceReference, CancellationToken cancellationToken)
    {
        var lookup = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, PledgeRows.RemittanceKey(remittanceReference), cancellationToken: cancellationToken);
        if (!lookup.HasValue)
        {
            return null;
        }

        var row = await _table.GetEntityAsync<TableEntity>(fundId, PledgeRows.PledgeKey(lookup.Value!.GetString("PledgeReference")), cancellationToken: cancellationToken);
        var pledge = PledgeRows.ReadPledge(row.Value);
        return (pledge, pledge.Instalments.Single(i => i.Number == lookup.Value.GetInt32("Instalment")));
    }

    /// <summary>Reads the reference in a transfer's text; a reference glued to following digits is tried shorter too.</summary>
    public async Task<(Pledge Pledge, Instalment Instalment)?> FindInRemittanceAsync(
        string fundId, string prefix, string? remittanceText, CancellationToken cancellationToken)
    {
        var found = PledgeReferences.FindInRemittance(remittanceText, prefix);
        if (found is null)
        {
            return null;
        }

        return await FindAsync(fundId, found, cancellationToken)
            ?? (found[^2] != '-' ? await FindAsync(fundId, found[..^1], cancellationToken) : null);
    }

    public async Task<Pledge?> GetPledgeAsync(string fundId, string pledgeReference, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, PledgeRows.PledgeKey(pledgeReference), cancellationToken: cancellationToken);
        return row.HasValue ? PledgeRows.ReadPledge(row.Value!) : null;
    }
}
