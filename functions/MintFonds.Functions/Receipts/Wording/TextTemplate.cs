using System.Text.RegularExpressions;

namespace MintFonds.Functions.Receipts.Wording;

/// <summary>
/// Fills "{name}" placeholders in a wording text. An unknown or unfilled placeholder throws, so a typo in the wording
/// file shows up in tests instead of as literal braces on a tax document.
/// </summary>
internal static partial class TextTemplate
{
    public static string Fill(string template, params ReadOnlySpan<(string Name, string Value)> values)
    {
        var lookup = new Dictionary<string, string>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            lookup[name] = value;
        }

        return Placeholder().Replace(template, match =>
            lookup.TryGetValue(match.Groups[1].Value, out var value)
                ? value
                : throw new InvalidOperationException($"The wording text \"{template}\" uses the unknown placeholder {match.Value}."));
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
