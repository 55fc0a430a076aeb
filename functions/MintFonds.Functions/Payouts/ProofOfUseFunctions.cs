using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;
using MintFonds.Functions.Platform.Timers;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// The proof of use: sent by the grantee with the status token (limited per client like status reads), checked by the
/// office; and the daily reminders. Thin adapters over <see cref="ProofOfUseService"/>, <see cref="ProofOfUseReview"/>
/// and <see cref="ProofOfUseReminders"/>.
/// </summary>
public sealed class ProofOfUseFunctions(
    HttpApi api,
    AdminAccess access,
    JsonBodyReader body,
    AnonymousLimits limits,
    ProofOfUseUploadReader uploads,
    ProofOfUseService proofs,
    ProofOfUseReview review,
    ProofOfUseReminders reminders,
    TimerRuns runs)
{
    private const string Office = "manage/funds/{fundId}/applications/{reference}/proof-of-use";

    [Function(nameof(SubmitProofOfUse))]
    public Task<IActionResult> SubmitProofOfUse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "funds/{fundId}/applications/{reference}/proof-of-use")] HttpRequest request,
        string fundId,
        string reference,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(SubmitProofOfUse), async () =>
        {
            await limits.EnsureStatusCheckAllowedAsync(request, cancellationToken);
            var key = IdempotencyKey.Read(request, PayoutFunctions.IdempotencyHeader);
            var (view, created) = await proofs.SubmitAsync(
                fundId, reference, request.Headers[Applications.ApplicationFunctions.TokenHeader].ToString(), () => uploads.ReadAsync(request, cancellationToken), key, cancellationToken);
            if (created)
            {
                return ApiResult.Created(view);
            }

            var replay = ApiResult.Ok(view);
            replay.Headers["Idempotent-Replayed"] = "true";
            return replay;
        });

    [Function(nameof(GetProofOfUse))]
    public Task<IActionResult> GetProofOfUse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Office)] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetProofOfUse), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetProofOfUse), cancellationToken);
            return ApiResult.Ok(await review.GetAsync(fundId, reference, cancellationToken));
        });

    [Function(nameof(DownloadProofOfUseFile))]
    public Task<IActionResult> DownloadProofOfUseFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Office + "/files/{fileId}")] HttpRequest request,
        string fundId,
        string reference,
        string fileId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(DownloadProofOfUseFile), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(DownloadProofOfUseFile), cancellationToken);
            var (content, contentType, name) = await review.FileAsync(fundId, reference, fileId, cancellationToken);
            return ApiResult.File(content, contentType, name);
        });

    [Function(nameof(AcceptProofOfUse))]
    public Task<IActionResult> AcceptProofOfUse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Office + "/accept")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(AcceptProofOfUse), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(AcceptProofOfUse), cancellationToken);
            var input = await body.ReadAsync<ProofOfUseReviewInput>(request, cancellationToken);
            return ApiResult.Ok(await review.AcceptAsync(fundId, reference, input, by, cancellationToken));
        });

    [Function(nameof(RequestMoreProofOfUse))]
    public Task<IActionResult> RequestMoreProofOfUse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Office + "/request-more")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RequestMoreProofOfUse), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RequestMoreProofOfUse), cancellationToken);
            var input = await body.ReadAsync<ProofOfUseReviewInput>(request, cancellationToken);
            return ApiResult.Ok(await review.RequestMoreAsync(fundId, reference, input, by, cancellationToken));
        });

    [Function(nameof(ListOverdueProofsOfUse))]
    public Task<IActionResult> ListOverdueProofsOfUse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/proof-of-use/overdue")] HttpRequest request, string fundId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListOverdueProofsOfUse), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListOverdueProofsOfUse), cancellationToken);
            return ApiResult.Ok(new { overdue = await reminders.OverdueAsync(fundId, cancellationToken) });
        });

    /// <summary>Daily: the reminders before and after the due date, each once, however often it runs.</summary>
    [Function(nameof(SendProofOfUseReminders))]
    public Task SendProofOfUseReminders([TimerTrigger("%ProofOfUseReminderSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(SendProofOfUseReminders), token => reminders.RunAsync(token), cancellationToken);
}
