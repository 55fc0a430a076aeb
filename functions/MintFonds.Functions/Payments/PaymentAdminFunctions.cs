using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Core.Payments;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Payments;

/// <summary>The office records bank receipts, sees the unmatched ones and assigns them.</summary>
public sealed class PaymentAdminFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, PaymentService payments)
{
    [Function(nameof(RecordPayment))]
    public Task<IActionResult> RecordPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/payments")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RecordPayment), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RecordPayment), cancellationToken);
            var input = await body.ReadAsync<PaymentInput>(request, cancellationToken);
            var (payment, created) = await payments.RecordAsync(fundId, input, by, cancellationToken);
            return created ? ApiResult.Created(payment) : ApiResult.Ok(payment);
        });

    [Function(nameof(ListPayments))]
    public Task<IActionResult> ListPayments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/payments")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListPayments), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListPayments), cancellationToken);
            // The one documented filter value; anything else is a 400, never silently "all payments".
            var unmatchedOnly = QueryParameters.Once(request.Query, "status") switch
            {
                null => false,
                "unmatched" => true,
                _ => throw QueryParameters.Bad("status", "Erlaubt ist nur 'unmatched' (oder den Parameter weglassen)."),
            };
            return ApiResult.Ok(new { payments = await payments.ListAsync(fundId, unmatchedOnly, cancellationToken) });
        });

    [Function(nameof(AssignPayment))]
    public Task<IActionResult> AssignPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/payments/{paymentId}/assign")] HttpRequest request,
        string fundId,
        string paymentId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(AssignPayment), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(AssignPayment), cancellationToken);
            var input = await body.ReadAsync<PaymentAssignmentInput>(request, cancellationToken);
            return ApiResult.Ok(await payments.AssignAsync(fundId, paymentId, input, by, cancellationToken));
        });
}
