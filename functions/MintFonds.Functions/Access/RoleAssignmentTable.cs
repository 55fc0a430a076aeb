using Azure.Data.Tables;
using MintFonds.Core.Access;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Access;

/// <summary>
/// RoleAssignments: PartitionKey = fund id, RowKey = principal object id; a permission check is one point read.
/// The same partition holds what changes together with the roles (see <see cref="RoleChanges"/>): the "version" row,
/// "proposal-…" rows and "outbox-…" rows. Object ids are lower-case GUIDs, which start with 0–9 or a–f, and every
/// other row key starts with a later letter, so <see cref="PrincipalRows"/> reads the roles alone.
/// </summary>
public sealed class RoleAssignmentTable(StorageAccount storage) : DocumentTable<RoleAssignment>(storage.Table(TableNames.RoleAssignments))
{
    public const string VersionRow = "version";

    /// <summary>The role rows of a partition, as a RowKey range.</summary>
    public static readonly string PrincipalRows = TableClient.CreateQueryFilter($"RowKey ge {"0"} and RowKey lt {"g"}");

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(RoleAssignment document) =>
        [new("Role", document.Role.ToString())];

    /// <summary>The row of an assignment, for a table transaction.</summary>
    public TableEntity Entity(RoleAssignment assignment) => ToEntity(assignment.FundId, assignment.PrincipalId, assignment);

    public async Task<IReadOnlyList<RoleAssignment>> ListAsync(string fundId, CancellationToken cancellationToken)
    {
        var list = new List<RoleAssignment>();
        await foreach (var stored in QueryPartitionAsync(fundId, PrincipalRows, cancellationToken))
        {
            list.Add(stored.Value);
        }

        return list;
    }

    /// <summary>The object ids of the fund's office members.</summary>
    public async Task<IReadOnlyList<string>> OfficeMembersAsync(string fundId, CancellationToken cancellationToken)
    {
        var filter = PrincipalRows + " and " + TableClient.CreateQueryFilter($"Role eq {FundRole.Office.ToString()}");
        var members = new List<string>();
        await foreach (var stored in QueryPartitionAsync(fundId, filter, cancellationToken))
        {
            members.Add(stored.Value.PrincipalId);
        }

        return members;
    }
}
