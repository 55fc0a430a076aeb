using Azure;
using Microsoft.AspNetCore.Http;

namespace MintFonds.Functions.Http;

/// <summary>Reads the ETag a client read before changing something; a change without it is refused (428).</summary>
public static class Preconditions
{
    public static ETag RequireIfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ProblemException(Problems.PreconditionRequired());
        }

        // "*" would silently overwrite whatever is stored: exactly what the ETag is there to prevent.
        if (value.Trim() == "*")
        {
            throw new ProblemException(Problems.BadRequest("If-Match", "Bitte den ETag des gelesenen Stands senden, nicht '*'."));
        }

        // Table ETags look like W/"datetime'…'"; anything else cannot match, and storage would answer it with a 400.
        var etag = value.Trim();
        if (etag.Length > 200 || !etag.EndsWith('"') || !(etag.StartsWith("W/\"", StringComparison.Ordinal) || etag.StartsWith('"')))
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }

        return new ETag(etag);
    }
}
