using Microsoft.AspNetCore.Http;

namespace MintFonds.Functions.Http;

/// <summary>Reads an optional Idempotency-Key header: 1–200 visible ASCII characters (a UUID is typical).</summary>
public static class IdempotencyKey
{
    public const int MaxLength = 200;

    public static string? Read(HttpRequest request, string header)
    {
        if (!request.Headers.TryGetValue(header, out var values))
        {
            return null;
        }

        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxLength || values.Count > 1 || key.Any(c => c is < '!' or > '~'))
        {
            throw new ProblemException(Problems.BadRequest(header, $"Der {header} muss aus 1 bis {MaxLength} sichtbaren ASCII-Zeichen bestehen (z. B. eine UUID)."));
        }

        return key;
    }
}
