using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// Data-subject requests the fund office answers: access (export), erasure and withdrawal of a consent. All are POST
/// with the e-mail address in the body, so it never lands in a URL, a request log or the audit trail.
/// </summary>
public sealed class PrivacyAdminFunctions(
    HttpApi api, AdminAccess access, JsonBodyReader body, PersonExportService exports, ErasureService erasure, ConsentService consents)
{
    [Function(nameof(ExportPersonalData))]
    public Task<IActionResult> ExportPersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/privacy/export")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ExportPersonalData), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(ExportPersonalData), cancellationToken);
            var email = PersonRequest.CheckedEmail((await body.ReadAsync<PersonRequest>(request, cancellationToken)).Email);
            var (zip, fileName) = await exports.ExportAsync(fundId, email, by, cancellationToken);
            return ApiResult.File(zip, "application/zip", fileName);
        });

    [Function(nameof(ErasePersonalData))]
    public Task<IActionResult> ErasePersonalData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/privacy/erase")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ErasePersonalData), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(ErasePersonalData), cancellationToken);
            var email = PersonRequest.CheckedEmail((await body.ReadAsync<PersonRequest>(request, cancellationToken)).Email);
            return ApiResult.Ok(await erasure.EraseAsync(fundId, email, by, cancellationToken));
        });

    [Function(nameof(WithdrawConsent))]
    public Task<IActionResult> WithdrawConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/privacy/withdraw-consent")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(WithdrawConsent), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(WithdrawConsent), cancellationToken);
            var input = await body.ReadAsync<ConsentWithdrawalInput>(request, cancellationToken);
            return ApiResult.Ok(await consents.WithdrawAsync(fundId, input, by, cancellationToken));
        });
}
