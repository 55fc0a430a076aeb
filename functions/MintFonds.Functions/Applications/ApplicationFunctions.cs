using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Applications;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Applications;

/// <summary>The public application path: submit from the web form, then follow or withdraw it with the status token.</summary>
public sealed class ApplicationFunctions(
    HttpApi api, JsonBodyReader body, ApplicationSubmissionService submissions, ApplicationStatusService status)
{
    public const string TokenHeader = "X-Status-Token";
    public const string IdempotencyHeader = "Idempotency-Key";

    [Function(nameof(SubmitApplication))]
    public Task<IActionResult> SubmitApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "funds/{fundId}/calls/{callId}/applications")] HttpRequest request,
        string fundId,
        string callId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(SubmitApplication), async () =>
        {
            var key = IdempotencyKey.Read(request, IdempotencyHeader);
            var (input, bytes) = await body.ReadWithBytesAsync<ApplicationInput>(request, cancellationToken);
            var outcome = await submissions.SubmitAsync(fundId, callId, input, bytes, key, cancellationToken);
            var application = outcome.Application;
            var statusUrl = $"/api/funds/{fundId}/applications/{application.Reference}/status";
            var receipt = new SubmissionReceipt(
                application.Reference, application.Status, application.SubmittedAt, statusUrl, SubmissionReceipt.LinkSentByEmail);
            var result = outcome.Kind == SubmissionKind.Duplicate ? ApiResult.Ok(receipt) : ApiResult.Created(receipt, statusUrl);
            if (outcome.Kind != SubmissionKind.Created)
            {
                result.Headers["Idempotent-Replayed"] = "true";
            }

            return result;
        });

    [Function(nameof(GetApplicationStatus))]
    public Task<IActionResult> GetApplicationStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "funds/{fundId}/applications/{reference}/status")] HttpRequest request,
        string fundId,
        string reference,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetApplicationStatus), async () =>
            ApiResult.Ok(await status.GetAsync(fundId, reference, request.Headers[TokenHeader].ToString(), cancellationToken)));

    [Function(nameof(WithdrawApplication))]
    public Task<IActionResult> WithdrawApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "funds/{fundId}/applications/{reference}/withdraw")] HttpRequest request,
        string fundId,
        string reference,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(WithdrawApplication), async () =>
            ApiResult.Ok(await status.WithdrawAsync(fundId, reference, request.Headers[TokenHeader].ToString(), cancellationToken)));
}
