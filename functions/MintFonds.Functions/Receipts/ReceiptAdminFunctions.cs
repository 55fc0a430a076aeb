using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Core.Time;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Receipts;

/// <summary>Body of the collective-receipts call.</summary>
public sealed record CollectiveReceiptsInput
{
    public int? Year { get; init; }
}

/// <summary>Body of the cancel call.</summary>
public sealed record CancelReceiptInput
{
    public string? Reason { get; init; }
}

/// <summary>Body of the call that records the dispatch of a signed paper copy.</summary>
public sealed record SignedCopyInput
{
    public DateOnly? SentOn { get; init; }
}

/// <summary>The office lists receipts, issues the collective ones, resends and corrects.</summary>
public sealed class ReceiptAdminFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, ReceiptService receipts, TimeProvider time)
{
    [Function(nameof(ListReceipts))]
    public Task<IActionResult> ListReceipts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/receipts")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListReceipts), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListReceipts), cancellationToken);
            // Absent: this year. Given: a year 2001-2199, else a 400 (never silently another year's list).
            var year = QueryParameters.Once(request.Query, "year") switch
            {
                null => BerlinTime.Today(time).Year,
                var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is > 2000 and < 2200 => y,
                _ => throw QueryParameters.Bad("year", "Bitte ein Jahr zwischen 2001 und 2199 angeben, z. B. 2027."),
            };
            return ApiResult.Ok(new { year, receipts = await receipts.ListAsync(fundId, year, cancellationToken) });
        });

    [Function(nameof(IssueCollectiveReceiptsNow))]
    public Task<IActionResult> IssueCollectiveReceiptsNow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/receipts/collective")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(IssueCollectiveReceiptsNow), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(IssueCollectiveReceiptsNow), cancellationToken);
            var input = await body.ReadAsync<CollectiveReceiptsInput>(request, cancellationToken);
            var thisYear = BerlinTime.Today(time).Year;
            if (input.Year is not { } year || year < 2000 || year >= thisYear)
            {
                throw new ProblemException(Problems.Validation([new Core.Validation.FieldError("year", "Sammelbestätigungen gibt es nur für abgeschlossene Jahre.")]));
            }

            return ApiResult.Ok(new { year, receipts = await receipts.IssueCollectiveAsync(fundId, year, cancellationToken) });
        });

    [Function(nameof(ResendReceipt))]
    public Task<IActionResult> ResendReceipt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/receipts/{number}/resend")] HttpRequest request,
        string fundId,
        string number,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ResendReceipt), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(ResendReceipt), cancellationToken);
            return ApiResult.Ok(await receipts.ResendAsync(fundId, number, by, cancellationToken));
        });

    [Function(nameof(CancelReceipt))]
    public Task<IActionResult> CancelReceipt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/receipts/{number}/cancel")] HttpRequest request,
        string fundId,
        string number,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CancelReceipt), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(CancelReceipt), cancellationToken);
            var input = await body.ReadAsync<CancelReceiptInput>(request, cancellationToken);
            return ApiResult.Ok(await receipts.CancelAndReplaceAsync(fundId, number, input.Reason, by, cancellationToken));
        });

    [Function(nameof(RecordSignedCopySent))]
    public Task<IActionResult> RecordSignedCopySent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/receipts/{number}/signed-copy-sent")] HttpRequest request,
        string fundId,
        string number,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RecordSignedCopySent), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RecordSignedCopySent), cancellationToken);
            var input = await body.ReadAsync<SignedCopyInput>(request, cancellationToken);
            return ApiResult.Ok(await receipts.RecordSignedCopySentAsync(fundId, number, input.SentOn, by, cancellationToken));
        });
}
