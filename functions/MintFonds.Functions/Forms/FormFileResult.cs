using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MintFonds.Functions.Forms;

/// <summary>
/// Writes a form file with the headers a page needs, instead of the API's (<see cref="Http.SecurityHeaders"/>, which
/// forbid everything a page does): a Content-Security-Policy that allows only this app's own scripts, styles, images and
/// API (no inline script or style, no third party), framing only by the configured fund websites, revalidation by ETag.
/// </summary>
public sealed class FormFileResult(FormFile file, FormSettings settings) : IActionResult
{
    public FormFile File { get; } = file;

    /// <summary>
    /// The policy of the pages. <c>img-src data:</c> is for the GiroCode images that come with the pledge answer;
    /// <c>connect-src 'self'</c> is the API of this same app.
    /// </summary>
    public static string ContentSecurityPolicy(FormSettings settings)
    {
        var images = string.Join(' ', ["'self'", "data:", .. FormSettings.Origins(settings.ImageOrigins)]);
        var ancestors = FormSettings.Origins(settings.FrameAncestors);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + images + "; font-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + (ancestors.Count == 0 ? "'none'" : string.Join(' ', ancestors));
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        var headers = response.Headers;
        headers.ETag = File.ETag;

        // Revalidated on every use (a 304 costs no body): a new deployment is seen at once, and a page never meets
        // the script of another version, without fingerprinted names and so without a build step.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        headers.ContentSecurityPolicy = ContentSecurityPolicy(settings);
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (FormSettings.Origins(settings.FrameAncestors).Count == 0)
        {
            headers.XFrameOptions = "DENY";
        }

        if (request.Headers.IfNoneMatch.Any(tag => tag is not null && (tag == File.ETag || tag == "W/" + File.ETag || tag == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = File.ContentType;
        response.ContentLength = File.Content.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(File.Content, context.HttpContext.RequestAborted);
        }
    }
}
