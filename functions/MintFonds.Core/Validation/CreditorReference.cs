namespace MintFonds.Core.Validation;

/// <summary>ISO 11649 creditor reference ("RF18 5390 0754 7034"): RF, two check digits, up to 21 letters or digits.</summary>
public static class CreditorReference
{
    /// <summary>Removes spaces and upper-cases, the form in which a reference goes into a payment.</summary>
    public static string Canonical(string value) =>
        new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var reference = Canonical(value);
        if (reference.Length < 5 || reference.Length > 25 || !reference.StartsWith("RF", StringComparison.Ordinal)
            || !char.IsAsciiDigit(reference[2]) || !char.IsAsciiDigit(reference[3]) || !reference.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        // Same mod-97 scheme as the IBAN: move the first four characters to the end, letters count as 10–35.
        var remainder = 0;
        foreach (var c in reference[4..] + reference[..4])
        {
            remainder = char.IsAsciiDigit(c) ? ((remainder * 10) + (c - '0')) % 97 : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }
}
