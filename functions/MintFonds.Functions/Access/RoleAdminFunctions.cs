using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Access;

/// <summary>Admin HTTP calls that manage who holds which role in a fund, and confirm changes that need a second person.</summary>
public sealed class RoleAdminFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, RoleService roles)
{
    [Function(nameof(ListRoles))]
    public Task<IActionResult> ListRoles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/roles")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListRoles), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListRoles), cancellationToken);
            return ApiResult.Ok(new { roles = await roles.ListAsync(fundId, cancellationToken) });
        });

    /// <summary>200 with the assignment when it applies at once; 202 with the proposal when it needs a second person.</summary>
    [Function(nameof(AssignRole))]
    public Task<IActionResult> AssignRole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/funds/{fundId}/roles/{principalId}")] HttpRequest request,
        string fundId,
        string principalId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(AssignRole), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageRoles, nameof(AssignRole), cancellationToken);
            var input = await body.ReadAsync<RoleAssignmentInput>(request, cancellationToken);
            var outcome = await roles.AssignAsync(fundId, principalId, input, by, cancellationToken);
            return outcome.Proposed is { } proposal ? ApiResult.Accepted(proposal) : ApiResult.Ok(outcome.Applied!);
        });

    /// <summary>204 when the role is revoked at once; 202 with the proposal when it needs a second person.</summary>
    [Function(nameof(RevokeRole))]
    public Task<IActionResult> RevokeRole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/funds/{fundId}/roles/{principalId}")] HttpRequest request,
        string fundId,
        string principalId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RevokeRole), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageRoles, nameof(RevokeRole), cancellationToken);
            var outcome = await roles.RevokeAsync(fundId, principalId, by, cancellationToken);
            return outcome.Proposed is { } proposal ? ApiResult.Accepted(proposal) : ApiResult.NoContent();
        });

    [Function(nameof(ListRoleProposals))]
    public Task<IActionResult> ListRoleProposals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/role-proposals")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListRoleProposals), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListRoleProposals), cancellationToken);
            return ApiResult.Ok(new { proposals = await roles.ListProposalsAsync(fundId, cancellationToken) });
        });

    [Function(nameof(ConfirmRoleProposal))]
    public Task<IActionResult> ConfirmRoleProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/role-proposals/{proposalId}/confirm")] HttpRequest request,
        string fundId,
        string proposalId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ConfirmRoleProposal), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageRoles, nameof(ConfirmRoleProposal), cancellationToken);
            return ApiResult.Ok(await roles.ConfirmAsync(fundId, proposalId, by, cancellationToken));
        });
}
