using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Funds;

/// <summary>Anonymous read of a fund's open calls, for the application web form.</summary>
public sealed class PublicCallFunctions(HttpApi api, OpenCallsService openCalls)
{
    [Function(nameof(ListOpenCalls))]
    public Task<IActionResult> ListOpenCalls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "funds/{fundId}/calls")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListOpenCalls), async () => ApiResult.Ok(await openCalls.ListAsync(fundId, cancellationToken)));
}
