using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Access;

/// <summary>Admin HTTP calls that manage who holds which role in a fund.</summary>
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
            return ApiResult.Ok(await roles.AssignAsync(fundId, principalId, input, by, cancellationToken));
        });

    [Function(nameof(RevokeRole))]
    public Task<IActionResult> RevokeRole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/funds/{fundId}/roles/{principalId}")] HttpRequest request,
        string fundId,
        string principalId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RevokeRole), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageRoles, nameof(RevokeRole), cancellationToken);
            await roles.RevokeAsync(fundId, principalId, by, cancellationToken);
            return ApiResult.NoContent();
        });
}
