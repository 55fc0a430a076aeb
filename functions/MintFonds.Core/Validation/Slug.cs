using System.Text.RegularExpressions;

namespace MintFonds.Core.Validation;

/// <summary>Identifiers that the office chooses (fund and call ids): safe in URLs and as Table Storage keys.</summary>
public static partial class Slug
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    // \A…\z, not ^…$: "$" also matches before a trailing line break, so "id\n" would pass as "id".
    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
