using MintFonds.Core.Validation;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Access;

/// <summary>Grants, lists and revokes roles in a fund; every change is audited with the role before and after.</summary>
public sealed class RoleService(RoleAssignmentTable roles, FundService funds, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<RoleAssignment>> ListAsync(string fundId, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var list = new List<RoleAssignment>();
        await foreach (var stored in roles.QueryPartitionAsync(fundId, null, cancellationToken))
        {
            list.Add(stored.Value);
        }

        return list;
    }

    public async Task<RoleAssignment> AssignAsync(
        string fundId, string principalId, RoleAssignmentInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var id = CheckPrincipalId(check, principalId);
        var role = check.RequiredValue("role", input.Role);
        var label = check.Text("label", input.Label, 100, required: false);
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        await funds.GetAsync(fundId, cancellationToken);
        var before = await roles.GetAsync(fundId, id!, cancellationToken);
        var assignment = new RoleAssignment
        {
            FundId = fundId, PrincipalId = id!, Role = role!.Value, Label = label, AssignedBy = by.ObjectId, AssignedAt = time.GetUtcNow(),
        };
        await roles.UpsertAsync(assignment, cancellationToken);
        await AuditAsync(fundId, "role.assign", by, id!, before?.Value.Role.ToString(), assignment.Role.ToString(), cancellationToken);
        return assignment;
    }

    public async Task RevokeAsync(string fundId, string principalId, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var id = CheckPrincipalId(check, principalId);
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        await funds.GetAsync(fundId, cancellationToken);
        var before = await roles.GetAsync(fundId, id!, cancellationToken)
            ?? throw new ProblemException(Problems.NotFound("Diese Person hat in diesem Fonds keine Rolle."));
        await roles.DeleteIfExistsAsync(fundId, id!, cancellationToken);
        await AuditAsync(fundId, "role.revoke", by, id!, before.Value.Role.ToString(), null, cancellationToken);
    }

    // Entra object ids are GUIDs; keeping to that shape also keeps the RowKey safe. The parser trims white space, so
    // the text is also compared with the GUID it names: " <id>" is not the id.
    private static string? CheckPrincipalId(InputChecker check, string principalId)
    {
        if (!Guid.TryParseExact(principalId, "D", out var guid) || !string.Equals(guid.ToString("D"), principalId, StringComparison.OrdinalIgnoreCase))
        {
            check.Add("principalId", "Erwartet wird die Objekt-ID der Person in Entra ID (eine GUID).");
            return null;
        }

        return guid.ToString("D");
    }

    private Task AuditAsync(string fundId, string action, AdminPrincipal by, string target, string? from, string? to, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"principal/{target}", FromState = from, ToState = to,
            },
            cancellationToken);
}
