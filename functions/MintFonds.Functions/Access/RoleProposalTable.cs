using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Access;

/// <summary>Role proposals, in the fund's partition of RoleAssignments (RowKey "proposal-{id}"), so a confirmation and the change it makes are one transaction.</summary>
public sealed class RoleProposalTable(StorageAccount storage) : DocumentTable<RoleProposal>(storage.Table(TableNames.RoleAssignments))
{
    private const string Prefix = "proposal-";

    // '-' + 1: the first key after every "proposal-…" key.
    private const string PrefixEnd = "proposal.";

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(RoleProposal document) =>
    [
        new("Status", document.Status.ToString()),
        new("ExpiresAt", document.ExpiresAt),
    ];

    public static string RowKey(string proposalId) => Prefix + proposalId;

    public Task<Stored<RoleProposal>?> FindAsync(string fundId, string proposalId, CancellationToken cancellationToken) =>
        GetAsync(fundId, RowKey(proposalId), cancellationToken);

    /// <summary>The row of a proposal, for a table transaction; with an ETag, it replaces the row only if unchanged.</summary>
    public TableEntity Entity(RoleProposal proposal, ETag etag = default)
    {
        var entity = ToEntity(proposal.FundId, RowKey(proposal.Id), proposal);
        entity.ETag = etag;
        return entity;
    }

    /// <summary>The fund's pending proposals that have not lapsed at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<RoleProposal>> PendingAsync(string fundId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Prefix} and RowKey lt {PrefixEnd} and Status eq {RoleProposalStatus.Pending.ToString()} and ExpiresAt gt {now}");
        var list = new List<RoleProposal>();
        await foreach (var stored in QueryPartitionAsync(fundId, filter, cancellationToken))
        {
            list.Add(stored.Value);
        }

        return [.. list.OrderBy(p => p.ProposedAt)];
    }
}
