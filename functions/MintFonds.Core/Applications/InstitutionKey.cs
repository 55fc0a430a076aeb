using MintFonds.Core.Text;

namespace MintFonds.Core.Applications;

/// <summary>
/// One key per institution however its name is typed (see <see cref="NameKey"/>); the postal code tells apart two
/// schools of the same name in different towns.
/// </summary>
public static class InstitutionKey
{
    public static string For(string name, string postalCode) => $"{postalCode}-{NameKey.Normalize(name)}";
}
