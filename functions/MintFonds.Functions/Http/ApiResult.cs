using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MintFonds.Core.Json;

namespace MintFonds.Functions.Http;

/// <summary>
/// The headers every answer of the API carries, set in the one place answers are written (<see cref="ApiResult"/>):
/// no MIME sniffing, no referrer, nothing cached (unless an answer sets its own Cache-Control), no framing, no loading
/// of anything by a JSON or problem document shown in a browser, HTTPS only, and not embeddable by other sites.
/// </summary>
public static class SecurityHeaders
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "no-store",
        ["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'",
        ["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains",
        ["X-Frame-Options"] = "DENY",
        ["Cross-Origin-Resource-Policy"] = "same-site",
    };

    public static void Apply(HttpResponse response)
    {
        foreach (var (name, value) in All)
        {
            // An answer may choose its own caching (a later, cacheable read); every other header is fixed.
            if (name == "Cache-Control" && response.Headers.ContainsKey(name))
            {
                continue;
            }

            response.Headers[name] = value;
        }
    }
}

/// <summary>
/// A JSON answer written straight to the response with the system's one JSON shape; independent of MVC formatters,
/// so a test that executes it sees exactly the bytes the host would send.
/// </summary>
public sealed class ApiResult : IActionResult
{
    private ApiResult(int status, object? body, string contentType)
    {
        Status = status;
        Body = body;
        ContentType = contentType;
    }

    public int Status { get; }

    public object? Body { get; }

    public string ContentType { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ApiResult Ok(object body) => new(StatusCodes.Status200OK, body, "application/json; charset=utf-8");

    public static ApiResult Created(object body, string location)
    {
        var result = new ApiResult(StatusCodes.Status201Created, body, "application/json; charset=utf-8");
        result.Headers["Location"] = location;
        return result;
    }

    /// <summary>201 for something that has no address of its own to read it back from.</summary>
    public static ApiResult Created(object body) => new(StatusCodes.Status201Created, body, "application/json; charset=utf-8");

    /// <summary>202: the request was taken, but what it asks for has not happened yet (e.g. it waits for a second person).</summary>
    public static ApiResult Accepted(object body) => new(StatusCodes.Status202Accepted, body, "application/json; charset=utf-8");

    public static ApiResult NoContent() => new(StatusCodes.Status204NoContent, null, string.Empty);

    public static ApiResult Problem(ApiProblem problem)
    {
        var result = new ApiResult(problem.Status, problem, "application/problem+json; charset=utf-8");
        foreach (var (name, value) in problem.Headers)
        {
            result.Headers[name] = value;
        }

        return result;
    }

    public static ApiResult Text(string text, string contentType) => new(StatusCodes.Status200OK, text, contentType);

    /// <summary>A file to download (e.g. a ZIP), named by <paramref name="fileName"/> (ASCII only).</summary>
    public static ApiResult File(byte[] content, string contentType, string fileName)
    {
        var result = new ApiResult(StatusCodes.Status200OK, content, contentType);
        result.Headers["Content-Disposition"] = $"attachment; filename=\"{fileName}\"";
        return result;
    }

    public ApiResult WithETag(string etag)
    {
        Headers["ETag"] = etag;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        SecurityHeaders.Apply(response);
        if (Body is null)
        {
            return;
        }

        response.ContentType = ContentType;
        if (Body is byte[] bytes)
        {
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
            return;
        }

        if (Body is string text)
        {
            await response.WriteAsync(text, context.HttpContext.RequestAborted);
            return;
        }

        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), MintFondsJson.Api, context.HttpContext.RequestAborted);
    }
}
