using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Json;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Transparency;

/// <summary>The public transparency page of a fund: JSON for the website, and a small printable HTML page.</summary>
public sealed class TransparencyFunctions(HttpApi api, TransparencyService transparency)
{
    [Function(nameof(GetTransparency))]
    public Task<IActionResult> GetTransparency(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "funds/{fundId}/transparency")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetTransparency), async () =>
        {
            var view = await transparency.ViewAsync(fundId, cancellationToken);
            return new CachedAnswer(JsonSerializer.SerializeToUtf8Bytes(view, MintFondsJson.Api), "application/json; charset=utf-8");
        });

    [Function(nameof(GetTransparencyPage))]
    public Task<IActionResult> GetTransparencyPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "funds/{fundId}/transparency.html")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetTransparencyPage), async () =>
        {
            var view = await transparency.ViewAsync(fundId, cancellationToken);
            return CachedAnswer.Text(TransparencyPage.Render(view), "text/html; charset=utf-8", TransparencyPage.ContentSecurityPolicy(view.Branding));
        });
}
