using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Audit;

/// <summary>Lets the office and auditors read a fund's audit trail, newest first.</summary>
public sealed class AuditFunctions(HttpApi api, AdminAccess access, FundService funds, AuditLog audit)
{
    private const int MaxEntries = 500;

    [Function(nameof(ListAudit))]
    public Task<IActionResult> ListAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/audit")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListAudit), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListAudit), cancellationToken);
            await funds.GetAsync(fundId, cancellationToken);
            return ApiResult.Ok(new { entries = await audit.ListAsync(fundId, MaxEntries, cancellationToken) });
        });
}
