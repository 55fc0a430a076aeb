using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MintFonds.Core.Json;
using MintFonds.Core.Validation;

namespace MintFonds.Functions.Http;

/// <summary>
/// Reads a JSON request body safely: checks the media type (415), the size before and while reading (413), and turns
/// syntax and type errors into a 400 that names the field.
/// </summary>
public sealed class JsonBodyReader(IOptions<HttpSettings> settings)
{
    private readonly int _maxBytes = settings.Value.MaxBodyBytes;

    public int MaxBytes => _maxBytes;

    public async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class =>
        (await ReadWithBytesAsync<T>(request, cancellationToken)).Value;

    /// <summary>Also returns the exact bytes received, for callers that recognise a repeated request by them.</summary>
    public async Task<(T Value, byte[] Bytes)> ReadWithBytesAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        EnsureJsonMediaType(request.ContentType);
        if (request.ContentLength > _maxBytes)
        {
            throw new ProblemException(Problems.TooLarge(_maxBytes));
        }

        var body = await ReadLimitedAsync(request.Body, cancellationToken);
        if (body.Length == 0)
        {
            throw new ProblemException(Problems.BadRequest("body", "Der Inhalt der Anfrage fehlt."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body, MintFondsJson.Api)
                ?? throw new ProblemException(Problems.BadRequest("body", "Erwartet wird ein JSON-Objekt, nicht null."));
            return (value, body);
        }
        catch (JsonException ex)
        {
            throw new ProblemException(Problems.MalformedBody([ToFieldError(ex, body)]));
        }
    }

    private static void EnsureJsonMediaType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            throw new ProblemException(Problems.UnsupportedMediaType(contentType));
        }

        var type = mediaType.MediaType.Value ?? string.Empty;
        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = mediaType.Charset.Value;
        if (!isJson || (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ProblemException(Problems.UnsupportedMediaType(contentType));
        }
    }

    private async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        // Read at most one byte past the limit: enough to know the body is too large without buffering all of it.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_maxBytes + 1, 64 * 1024));
        try
        {
            using var collected = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                collected.Write(buffer, 0, read);
                if (collected.Length > _maxBytes)
                {
                    throw new ProblemException(Problems.TooLarge(_maxBytes));
                }
            }

            return collected.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FieldError ToFieldError(JsonException ex, byte[] body)
    {
        var field = FieldPath(ex.Path);
        if (ex.Data.Contains(InputFormat.Marker))
        {
            return new FieldError(field, ex.Message);
        }

        // System.Text.Json refuses text it cannot decode (bytes that are not UTF-8, an escaped unpaired surrogate such
        // as "\ud800") rather than replacing it with U+FFFD; say so, under the field it was found in.
        if (ex.InnerException is InvalidOperationException && HasUndecodableText(body))
        {
            return new FieldError(field, InvalidText);
        }

        if (ex.Message.StartsWith("The JSON property", StringComparison.Ordinal)
            && ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return new FieldError(field, "Unbekanntes Feld: Bitte nur die beschriebenen Felder senden.");
        }

        if (ex.LineNumber is { } line && ex.Path is null or "$")
        {
            return new FieldError("body", $"Kein gültiges JSON (Zeile {line + 1}, Position {ex.BytePositionInLine + 1}).");
        }

        return new FieldError(field, "Ungültiger Wert: Typ oder Format passt nicht (z. B. Zahl statt Text, Datum als JJJJ-MM-TT).");
    }

    public const string InvalidText =
        "Enthält ungültige Zeichen: Bytes, die kein gültiges UTF-8 sind, oder ein einzelnes Ersatzzeichen (z. B. \\ud800). Bitte den Text neu eingeben.";

    /// <summary>True when a string in the JSON cannot be decoded to valid UTF-16 (invalid UTF-8, unpaired surrogate escapes).</summary>
    private static bool HasUndecodableText(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return true;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Malformed further on: whatever was decodable up to here was.
        }

        return false;
    }

    /// <summary>"$.rules.districts[2]" → "rules.districts[2]"; "$['x']" → "x".</summary>
    private static string FieldPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return trimmed.Replace("['", ".", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal).TrimStart('.');
    }
}
