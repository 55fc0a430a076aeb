using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Notifications;

/// <summary>The office's view of undeliverable e-mails, with a resend action.</summary>
public sealed class DeadLetterAdminFunctions(HttpApi api, AdminAccess access, DeadLetterService deadLetters)
{
    [Function(nameof(ListDeadLetters))]
    public Task<IActionResult> ListDeadLetters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/dead-letters")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListDeadLetters), async () =>
        {
            // The kept messages hold recipients and status links: the office only, not every reader of the fund.
            await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(ListDeadLetters), cancellationToken);
            return ApiResult.Ok(new { deadLetters = await deadLetters.ListAsync(fundId, cancellationToken) });
        });

    [Function(nameof(ResendDeadLetter))]
    public Task<IActionResult> ResendDeadLetter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/dead-letters/{id}/resend")] HttpRequest request,
        string fundId,
        string id,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ResendDeadLetter), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(ResendDeadLetter), cancellationToken);
            return ApiResult.Ok(await deadLetters.ResendAsync(fundId, id, by, cancellationToken));
        });
}
