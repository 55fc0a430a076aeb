using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// Reads the body of a statement upload: XML or ZIP as sent (the content decides, see
/// <c>StatementArchive</c>); over the limit is a 413 before anything is parsed, whether Content-Length says so or the
/// bytes do.
/// </summary>
public static class StatementUpload
{
    private static readonly string[] Accepted =
        ["application/xml", "text/xml", "application/zip", "application/x-zip-compressed", "application/octet-stream", "application/vnd.iso20022+xml"];

    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !Accepted.Contains(media.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            throw new ProblemException(Problems.UnsupportedMediaType(request.ContentType) with
            {
                Detail = $"Erwartet wird der Kontoauszug als 'application/xml' oder das ZIP-Archiv als 'application/zip', erhalten wurde '{request.ContentType ?? "(keine Angabe)"}'.",
                Errors = new Dictionary<string, string[]> { ["Content-Type"] = ["Bitte 'application/xml' oder 'application/zip' senden."] },
            });
        }

        if (request.ContentLength > maxBytes)
        {
            throw new ProblemException(Problems.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ProblemException(Problems.TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? throw new ProblemException(Problems.BadRequest("body", "Der Kontoauszug fehlt.")) : buffer.ToArray();
    }
}
