using System.Globalization;
using System.Text.RegularExpressions;

namespace MintFonds.Core.Applications;

/// <summary>References like "MRF-2027-0042": fund prefix, year of submission, sequence within that fund and year.</summary>
public static partial class ApplicationReference
{
    public static string Format(string prefix, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year:D4}-{sequence:D4}");

    public static bool IsWellFormed(string? reference) => reference is not null && Pattern().IsMatch(reference);

    // \A…\z, not ^…$: "$" also matches before a trailing line break, so "id\n" would pass as "id".
    [GeneratedRegex(@"\A[A-Z]{2,5}-[0-9]{4}-[0-9]{4,9}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
