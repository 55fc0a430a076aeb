using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Transparency;

/// <summary>
/// A public, cacheable answer: a strong ETag over the exact bytes, <c>Cache-Control: public, max-age=…</c>, and 304
/// without a body when the client's <c>If-None-Match</c> names the current ETag. The system's security headers are set
/// as on every answer; an HTML page brings its own Content-Security-Policy.
/// </summary>
public sealed class CachedAnswer(byte[] body, string contentType, string? contentSecurityPolicy = null) : IActionResult
{
    /// <summary>As fresh as the figures fold runs (<c>FigureFoldSchedule</c>, every 5 minutes by default).</summary>
    public const string CacheControl = "public, max-age=300";

    public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";

    public static CachedAnswer Text(string text, string contentType, string? contentSecurityPolicy = null) =>
        new(Encoding.UTF8.GetBytes(text), contentType, contentSecurityPolicy);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        response.Headers.CacheControl = CacheControl;
        response.Headers.ETag = ETag;
        response.Headers.Vary = "Accept-Encoding";
        SecurityHeaders.Apply(response);
        if (contentSecurityPolicy is not null)
        {
            response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        }

        if (Matches(request.Headers.IfNoneMatch.ToString()))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
    }

    private bool Matches(string ifNoneMatch) =>
        ifNoneMatch.Length > 0 && ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == "*" || tag == ETag || tag == "W/" + ETag);
}
