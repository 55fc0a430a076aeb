using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.OpenApi;

/// <summary>Serves the OpenAPI 3.1 description of every HTTP route (kept in OpenApi/openapi.yaml, checked by tests).</summary>
public sealed class OpenApiFunctions(HttpApi api)
{
    public const string ResourceName = "MintFonds.OpenApi.openapi.yaml";

    private static readonly Lazy<string> Document = new(Load);

    [Function(nameof(GetOpenApiDocument))]
    public Task<IActionResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.yaml")] HttpRequest request) =>
        api.RunAsync(request, nameof(GetOpenApiDocument), () => Task.FromResult<IActionResult>(ApiResult.Text(Document.Value, "application/yaml; charset=utf-8")));

    public static string Load()
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
