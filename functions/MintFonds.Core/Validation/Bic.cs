namespace MintFonds.Core.Validation;

/// <summary>BIC (ISO 9362) shape check: 4 letters bank, 2 letters country, 2 alphanumerics location, optional 3 branch.</summary>
public static class Bic
{
    public static bool IsValid(string? value)
    {
        if (value is null || (value.Length != 8 && value.Length != 11))
        {
            return false;
        }

        var upper = value.ToUpperInvariant();
        return upper[..6].All(char.IsAsciiLetter) && upper[6..].All(char.IsAsciiLetterOrDigit);
    }
}
