using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Health;

/// <summary>A liveness probe for deployment smoke tests: answers 200 when table storage answers.</summary>
public sealed class HealthFunctions(HttpApi api, StorageAccount storage)
{
    [Function(nameof(Health))]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(Health), async () =>
        {
            try
            {
                await storage.Table(TableNames.Funds).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: cancellationToken);
                return ApiResult.Ok(new { status = "ok" });
            }
#pragma warning disable CA1031 // A probe's one question is "does storage answer?": whatever the SDK throws (RequestFailedException,
            // AggregateException after retries, HttpRequestException, AuthenticationFailedException, a timeout's
            // TaskCanceledException, ...) the answer is 503, never 500. Only the caller going away is not an answer.
            catch (Exception ex) when (!request.HttpContext.RequestAborted.IsCancellationRequested && ex is not ProblemException)
#pragma warning restore CA1031
            {
                return HttpApi.Answer(request, Problems.Unavailable("Der Speicher antwortet nicht."));
            }
        });
}
