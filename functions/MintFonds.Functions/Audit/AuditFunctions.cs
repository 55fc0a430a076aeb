using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Audit;

/// <summary>Lets the office and auditors read a fund's audit trail, newest first, page by page and filtered.</summary>
public sealed class AuditFunctions(HttpApi api, AdminAccess access, FundService funds, AuditLog audit, AuditVerifier verifier)
{
    [Function(nameof(ListAudit))]
    public Task<IActionResult> ListAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/audit")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListAudit), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListAudit), cancellationToken);
            var query = AuditQuery.Parse(request.Query);
            await funds.GetAsync(fundId, cancellationToken);
            return ApiResult.Ok(await audit.QueryAsync(fundId, query, cancellationToken));
        });

    /// <summary>Checks the fund's hash chain and names the first broken link (see <see cref="AuditVerifier"/>).</summary>
    [Function(nameof(VerifyAudit))]
    public Task<IActionResult> VerifyAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/audit/verify")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(VerifyAudit), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(VerifyAudit), cancellationToken);
            var token = QueryParameters.Once(request.Query, "continuationToken");
            await funds.GetAsync(fundId, cancellationToken);
            return ApiResult.Ok(await verifier.VerifyAsync(fundId, token, cancellationToken));
        });
}
