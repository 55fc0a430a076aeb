using System.Globalization;
using System.Text.RegularExpressions;

namespace MintFonds.Core.Pledges;

/// <summary>Pledge references ("MRF-P-2027-0042") and the remittance reference of each instalment ("MRF-P-2027-0042-1").</summary>
public static partial class PledgeReferences
{
    public static string Pledge(string prefix, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-P-{year:D4}-{sequence:D4}");

    public static string Instalment(string pledgeReference, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{pledgeReference}-{number}");

    /// <summary>
    /// Finds an instalment reference of the fund (by its prefix) in a bank transfer's free text, however the bank broke
    /// or spaced it, and whatever words stand right before it.
    /// </summary>
    public static string? FindInRemittance(string? remittanceText, string prefix)
    {
        if (string.IsNullOrWhiteSpace(remittanceText))
        {
            return null;
        }

        // Banks insert line breaks and spaces at fixed widths; compare without them.
        var compact = new string(remittanceText.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        var start = compact.IndexOf(prefix + "-P-", StringComparison.Ordinal);
        while (start >= 0)
        {
            var match = InstalmentPattern().Match(compact, start);
            if (match.Success && match.Index == start)
            {
                return match.Value;
            }

            start = compact.IndexOf(prefix + "-P-", start + 1, StringComparison.Ordinal);
        }

        return null;
    }

    public static bool IsWellFormed(string? reference) => reference is not null && PledgePattern().IsMatch(reference);

    [GeneratedRegex("[A-Z]{2,5}-P-[0-9]{4}-[0-9]{4,9}-[0-9]{1,2}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex InstalmentPattern();

    // \A…\z, not ^…$: "$" also matches before a trailing line break, so "id\n" would pass as "id".
    [GeneratedRegex(@"\A[A-Z]{2,5}-P-[0-9]{4}-[0-9]{4,9}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PledgePattern();
}
