namespace MintFonds.Core.Validation;

/// <summary>Accepts the ways Germans write phone numbers: "+49 6721 409-0", "06721/4090", "(06721) 4090".</summary>
public static class PhoneNumber
{
    public const int MaxLength = 30;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
        {
            return false;
        }

        var digits = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '+' ? i != 0 : c is not (' ' or '-' or '/' or '(' or ')'))
            {
                return false;
            }
        }

        return digits is >= 5 and <= 15;
    }
}
