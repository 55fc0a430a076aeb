using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace MintFonds.Functions.Http;

/// <summary>
/// The one place where every HTTP function turns outcomes into answers: a <see cref="ProblemException"/> becomes
/// problem+json with its status; storage that stays unreachable after the SDK's retries becomes 503 with Retry-After;
/// anything unexpected becomes a 500 with a trace id and is logged without request data.
/// </summary>
public sealed partial class HttpApi(ILogger<HttpApi> logger)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, string operation, Func<Task<IActionResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ProblemException problem)
        {
            return Answer(request, problem.Problem);
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing useful can be sent.
            return new EmptyResult();
        }
        catch (Exception ex) when (Storage.StorageFault.IsTransient(ex, request.HttpContext.RequestAborted))
        {
            // Storage did not answer after the SDK's own retries: the truth is "try again later", not a server error.
            // A write may still have committed; every write route is idempotent, so repeating the request is safe.
            LogUnavailable(logger, ex, operation);
            return Answer(request, Problems.Unavailable("Der Speicher antwortet gerade nicht. Bitte die Anfrage in einer halben Minute unverändert wiederholen."));
        }
#pragma warning disable CA1031 // The API's promise is: a client never sees an exception, only a problem document.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, ex, operation);
            return Answer(request, Problems.ServerError());
        }
    }

    public static ApiResult Answer(HttpRequest request, ApiProblem problem) =>
        ApiResult.Problem(problem with
        {
            Instance = request.Path.Value,
            TraceId = Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier,
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable in {Operation}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string operation);

    // Only the operation name and the exception: request bodies and headers may hold personal data.
    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Operation}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string operation);
}
