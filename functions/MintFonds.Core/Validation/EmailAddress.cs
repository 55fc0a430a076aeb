using System.Net.Mail;

namespace MintFonds.Core.Validation;

/// <summary>A pragmatic e-mail check: one address, a dotted domain, no display name, no spaces.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (!MailAddress.TryCreate(value, out var parsed) || !string.Equals(parsed.Address, value, StringComparison.Ordinal))
        {
            return false;
        }

        var host = parsed.Host;
        var lastDot = host.LastIndexOf('.');
        return lastDot > 0 && lastDot < host.Length - 2 && !host.StartsWith('[');
    }
}
