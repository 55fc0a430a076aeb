using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Forms;

/// <summary>
/// Serves the web forms (apply, status, pledge, transparency) from this same Function App, so no other server is
/// needed and the forms always match the API they call. Anonymous and read-only: the files are public.
/// </summary>
public sealed class FormFunctions(HttpApi api, FormFiles files, IOptions<FormSettings> settings)
{
    [Function(nameof(GetFormFile))]
    public Task<IActionResult> GetFormFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/{*path}")] HttpRequest request,
        string? path) =>
        api.RunAsync(request, nameof(GetFormFile), () =>
        {
            var file = files.Find(path)
                ?? throw new ProblemException(Problems.NotFound("Diese Seite gibt es nicht. Die Formulare: apply, status, pledge, transparency."));
            return Task.FromResult<IActionResult>(new FormFileResult(file, settings.Value));
        });
}
