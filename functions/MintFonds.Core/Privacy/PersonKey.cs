using System.Security.Cryptography;
using System.Text;

namespace MintFonds.Core.Privacy;

/// <summary>
/// The key under which everything stored about one person is indexed: a hash of the normalised e-mail address
/// ("Info@Example.de " and "info@example.de" are one person). Only the hash is stored, never the address, so an index
/// row alone names nobody; it is still pseudonymous (whoever knows the address can compute it), so index rows are
/// deleted together with the data they point to.
/// </summary>
public static class PersonKey
{
    public const int Length = 32;

    public static string Normalise(string email) => email.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();

    public static string For(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("mintfonds-person|" + Normalise(email))))[..Length];

    public static bool IsWellFormed(string? key) => key is { Length: Length } && key.All(char.IsAsciiHexDigitLower);
}
