using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Payouts;

/// <summary>The office's bank files: payout files (pain.001) out, account statements (camt.053) in. Thin adapters.</summary>
public sealed class PayoutFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, PayoutExportService exports, PayoutCancellation cancellation, BankStatementService statements)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>20 MiB: a year of statements of a busy account as one ZIP; a larger body is refused before it is read.</summary>
    public const int MaxStatementBytes = 20 * 1024 * 1024;

    private const string Exports = "manage/funds/{fundId}/payout-exports";

    [Function(nameof(CreatePayoutExport))]
    public Task<IActionResult> CreatePayoutExport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Exports)] HttpRequest request, string fundId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CreatePayoutExport), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(CreatePayoutExport), cancellationToken);
            var key = IdempotencyKey.Read(request, IdempotencyHeader);
            var input = await body.ReadAsync<PayoutExportInput>(request, cancellationToken);
            var (view, created) = await exports.CreateAsync(fundId, input, key, by, cancellationToken);
            if (created)
            {
                return ApiResult.Created(view, $"/api/manage/funds/{fundId}/payout-exports/{view.ExportId}");
            }

            var replay = ApiResult.Ok(view);
            replay.Headers["Idempotent-Replayed"] = "true";
            return replay;
        });

    [Function(nameof(GetPayoutExport))]
    public Task<IActionResult> GetPayoutExport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Exports + "/{exportId}")] HttpRequest request, string fundId, string exportId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetPayoutExport), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetPayoutExport), cancellationToken);
            return ApiResult.Ok(await exports.GetAsync(fundId, exportId, cancellationToken));
        });

    [Function(nameof(DownloadPayoutFile))]
    public Task<IActionResult> DownloadPayoutFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Exports + "/{exportId}/file")] HttpRequest request, string fundId, string exportId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(DownloadPayoutFile), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(DownloadPayoutFile), cancellationToken);
            var (content, name) = await exports.FileAsync(fundId, exportId, cancellationToken);
            return ApiResult.File(content, "application/xml; charset=utf-8", name);
        });

    [Function(nameof(CancelPayoutExport))]
    public Task<IActionResult> CancelPayoutExport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Exports + "/{exportId}/cancel")] HttpRequest request, string fundId, string exportId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CancelPayoutExport), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(CancelPayoutExport), cancellationToken);
            var input = await body.ReadAsync<PayoutExportCancelInput>(request, cancellationToken);
            return ApiResult.Ok(await cancellation.CancelAsync(fundId, exportId, input, by, cancellationToken));
        });

    [Function(nameof(ImportBankStatement))]
    public Task<IActionResult> ImportBankStatement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/bank-statements")] HttpRequest request, string fundId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ImportBankStatement), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(ImportBankStatement), cancellationToken);
            var upload = await StatementUpload.ReadAsync(request, MaxStatementBytes, cancellationToken);
            return ApiResult.Ok(await statements.ImportAsync(fundId, upload, "kontoauszug", by, cancellationToken));
        });
}
