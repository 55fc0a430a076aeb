using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MintFonds.Core.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Regions;

/// <summary>
/// The logo image as the public reads it: its own Content-Type (sniffed at upload), a strong ETag from its hash, 304
/// on a matching If-None-Match, and <c>X-Content-Type-Options: nosniff</c> with the API's other security headers.
/// Caching: the versioned address the forms and e-mails use (<c>?v=</c> the current version) never changes its
/// bytes, so it is <c>immutable</c> for a year; any other address is revalidated after five minutes. Unlike the JSON
/// answers it may be shown by other sites (<c>Cross-Origin-Resource-Policy: cross-origin</c>): web mail shows it.
/// </summary>
public sealed class LogoResult(FundLogo logo, byte[]? content, string? requestedVersion) : IActionResult
{
    public const string VersionedCacheControl = "public, max-age=31536000, immutable";
    public const string CacheControl = "public, max-age=300";

    public static bool Matches(HttpRequest request, FundLogo logo) =>
        request.Headers.IfNoneMatch.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == "*" || tag == logo.ETag || tag == "W/" + logo.ETag);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.Headers.CacheControl = requestedVersion == logo.Version ? VersionedCacheControl : CacheControl;
        response.Headers.ETag = logo.ETag;
        SecurityHeaders.Apply(response);
        response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        if (content is null || Matches(context.HttpContext.Request, logo))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = logo.ContentType;
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.HttpContext.RequestAborted);
    }
}
