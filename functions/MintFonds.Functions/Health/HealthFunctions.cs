using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Http;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Health;

/// <summary>
/// The probe of the deployment smoke test and of the availability test (infra/modules/alerts.bicep): 200 when table
/// storage answers AND the SendGrid key's Key Vault reference is resolved; 503 naming which one is not. The key itself
/// is never shown: the answer only says whether the platform replaced the reference by a value.
/// </summary>
public sealed class HealthFunctions(HttpApi api, StorageAccount storage, IOptions<SendGridSettings> sendGrid)
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
            }
#pragma warning disable CA1031 // A probe's one question is "does storage answer?": whatever the SDK throws (RequestFailedException,
            // AggregateException after retries, HttpRequestException, AuthenticationFailedException, a timeout's
            // TaskCanceledException, ...) the answer is 503, never 500. Only the caller going away is not an answer.
            catch (Exception ex) when (!request.HttpContext.RequestAborted.IsCancellationRequested && ex is not ProblemException)
#pragma warning restore CA1031
            {
                return HttpApi.Answer(request, Problems.Unavailable("Der Speicher antwortet nicht."));
            }

            // An unresolved reference (secret missing, identity without access) arrives as the reference text itself.
            if (sendGrid.Value.IsUnresolvedKeyVaultReference)
            {
                return HttpApi.Answer(request, Problems.Unavailable("Der SendGrid-Schlüssel aus dem Key Vault ist nicht aufgelöst (Geheimnis fehlt oder keine Leseberechtigung)."));
            }

            return ApiResult.Ok(new { status = "ok", storage = "ok", mail = sendGrid.Value.IsConfigured ? "sendgrid" : "outbox" });
        });
}
