namespace MintFonds.Core.Funds;

/// <summary>The four MINT fields (Mathematik, Informatik, Naturwissenschaften, Technik).</summary>
public enum MintField
{
    Mathematik,
    Informatik,
    Naturwissenschaften,
    Technik,
}
