using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Access;

/// <summary>RoleAssignments: PartitionKey = fund id, RowKey = principal object id; a permission check is one point read.</summary>
public sealed class RoleAssignmentTable(StorageAccount storage) : DocumentTable<RoleAssignment>(storage.Table(TableNames.RoleAssignments))
{
    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(RoleAssignment document) =>
        [new("Role", document.Role.ToString())];

    /// <summary>Grants or changes a role without a prior read; last writer wins, which is right for an explicit grant.</summary>
    public Task UpsertAsync(RoleAssignment assignment, CancellationToken cancellationToken) =>
        UpsertAsync(assignment.FundId, assignment.PrincipalId, assignment, cancellationToken);
}
