using System.Security.Cryptography;
using System.Text;
using MintFonds.Core.Text;

namespace MintFonds.Core.Pledges;

/// <summary>
/// A returning sponsor is recognised by the same normalised name and e-mail address ("Müller &amp; Söhne GmbH" with
/// "Info@Mueller.de" is "Mueller und Soehne GmbH" with "info@mueller.de"). The id is a hash: a safe table key that
/// reveals nothing.
/// </summary>
public static class SponsorKey
{
    public static string IdFor(string name, string email)
    {
        var normalised = NameKey.Normalize(name.Replace("&", " und ", StringComparison.Ordinal)) + "|" + email.Trim().ToLowerInvariant();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)))[..32];
    }
}
