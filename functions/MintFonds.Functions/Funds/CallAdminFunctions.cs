using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Core.Funds;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Funds;

/// <summary>Admin HTTP calls for funding calls. Thin: authorise, read, call <see cref="CallService"/>, answer.</summary>
public sealed class CallAdminFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, CallService calls)
{
    [Function(nameof(ListCalls))]
    public Task<IActionResult> ListCalls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/calls")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListCalls), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListCalls), cancellationToken);
            return ApiResult.Ok(new { calls = await calls.ListAsync(fundId, cancellationToken) });
        });

    [Function(nameof(CreateCall))]
    public Task<IActionResult> CreateCall(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/calls")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CreateCall), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageCalls, nameof(CreateCall), cancellationToken);
            var input = await body.ReadAsync<CallInput>(request, cancellationToken);
            var (call, created) = await calls.CreateAsync(fundId, input, by, cancellationToken);
            return (created ? ApiResult.Created(call.Value, $"/api/manage/funds/{fundId}/calls/{call.Value.Id}") : ApiResult.Ok(call.Value))
                .WithETag(call.ETag.ToString());
        });

    [Function(nameof(GetCall))]
    public Task<IActionResult> GetCall(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/calls/{callId}")] HttpRequest request,
        string fundId,
        string callId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetCall), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetCall), cancellationToken);
            var call = await calls.GetAsync(fundId, callId, cancellationToken);
            return ApiResult.Ok(call.Value).WithETag(call.ETag.ToString());
        });

    [Function(nameof(UpdateCall))]
    public Task<IActionResult> UpdateCall(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/funds/{fundId}/calls/{callId}")] HttpRequest request,
        string fundId,
        string callId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(UpdateCall), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageCalls, nameof(UpdateCall), cancellationToken);
            var ifMatch = Preconditions.RequireIfMatch(request);
            var input = await body.ReadAsync<CallInput>(request, cancellationToken);
            var call = await calls.UpdateAsync(fundId, callId, input, ifMatch, by, cancellationToken);
            return ApiResult.Ok(call.Value).WithETag(call.ETag.ToString());
        });

    [Function(nameof(CloseCall))]
    public Task<IActionResult> CloseCall(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/calls/{callId}/close")] HttpRequest request,
        string fundId,
        string callId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CloseCall), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageCalls, nameof(CloseCall), cancellationToken);
            var ifMatch = Preconditions.RequireIfMatch(request);
            var call = await calls.CloseAsync(fundId, callId, ifMatch, by, cancellationToken);
            return ApiResult.Ok(call.Value).WithETag(call.ETag.ToString());
        });
}
