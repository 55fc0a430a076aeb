using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Applications;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The public application path: submit from the web form, then follow or withdraw it with the status token. Every
/// route is limited per client (<see cref="AnonymousLimits"/>); a submission passes the form guard first
/// (<see cref="FormGuard"/>: challenge, honeypot, minimum fill time, e-mail limit) and a bot gets a decoy.
/// </summary>
public sealed class ApplicationFunctions(
    HttpApi api,
    JsonBodyReader body,
    FormGuard guard,
    AnonymousLimits limits,
    ApplicationSubmissionService submissions,
    ApplicationDecoys decoys,
    ConfirmationQuota confirmations,
    ApplicationStatusService status)
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
            await guard.AdmitAsync(request, fundId, cancellationToken);
            var key = IdempotencyKey.Read(request, IdempotencyHeader);
            var (input, bytes) = await body.ReadWithBytesAsync<ApplicationInput>(request, cancellationToken);
            var check = await guard.CheckAsync(
                request, fundId, "application", input.Website, input.Contact?.Email, "contact.email", bytes, key, cancellationToken);
            if (check.IsBot)
            {
                var decoy = await decoys.AnswerAsync(fundId, callId, input, bytes, cancellationToken);
                return ApiResult.Created(decoy, decoy.StatusUrl);
            }

            var outcome = await guard.SubmitAsync(check, () => submissions.SubmitAsync(fundId, callId, input, bytes, key, cancellationToken));
            var application = outcome.Application;
            var confirmationKey = ApplicationMessages.ConfirmationKey(fundId, application.Reference);
            var confirmation = outcome.Kind == SubmissionKind.Created
                ? await confirmations.DecideAsync(confirmationKey, application.Contact.Email, cancellationToken, check.Address)
                : await confirmations.PeekAsync(confirmationKey, application.Contact.Email, cancellationToken);
            var receipt = SubmissionReceipt.For(fundId, application.Reference, application.Status, application.SubmittedAt, confirmation);
            var result = outcome.Kind == SubmissionKind.Duplicate ? ApiResult.Ok(receipt) : ApiResult.Created(receipt, receipt.StatusUrl);
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
        {
            await limits.EnsureStatusCheckAllowedAsync(request, cancellationToken);
            return ApiResult.Ok(await status.GetAsync(fundId, reference, request.Headers[TokenHeader].ToString(), cancellationToken));
        });

    [Function(nameof(WithdrawApplication))]
    public Task<IActionResult> WithdrawApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "funds/{fundId}/applications/{reference}/withdraw")] HttpRequest request,
        string fundId,
        string reference,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(WithdrawApplication), async () =>
        {
            await limits.EnsureStatusCheckAllowedAsync(request, cancellationToken);
            return ApiResult.Ok(await status.WithdrawAsync(fundId, reference, request.Headers[TokenHeader].ToString(), cancellationToken));
        });
}
