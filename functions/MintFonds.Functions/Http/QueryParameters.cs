using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MintFonds.Functions.Http;

/// <summary>
/// Query-string pieces the paged admin lists share: a parameter given exactly once, a 400 naming the parameter, and the
/// Table service's continuation token wrapped as base64url so nobody builds one by hand.
/// </summary>
public static class QueryParameters
{
    private const int MaxTokenLength = 2048;

    /// <summary>The trimmed value, null when absent; given twice or empty is a 400 naming it.</summary>
    public static string? Once(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 && !string.IsNullOrWhiteSpace(values[0])
            ? values[0]!.Trim()
            : throw Bad(name, "Bitte genau einmal und mit einem Wert angeben.");
    }

    public static ProblemException Bad(string parameter, string message) => new(Problems.BadRequest(parameter, message));

    /// <summary>The service's token as clients see it.</summary>
    public static string? WrapToken(string? serviceToken) =>
        serviceToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(serviceToken));

    /// <summary>The service's token ("next partition key, space, next row key", printable ASCII), or <paramref name="bad"/>.</summary>
    public static string UnwrapToken(string token, Func<ProblemException> bad)
    {
        if (token.Length <= MaxTokenLength && Base64Url.IsValid(token))
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && text.IndexOf(' ', space + 1) < 0 && text.All(c => c is >= ' ' and <= '~'))
            {
                return text;
            }
        }

        throw bad();
    }
}
