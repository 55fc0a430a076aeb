namespace MintFonds.Core.Receipts;

/// <summary>The person or organisation a document is made out to (donor or sponsor), as it is printed.</summary>
/// <param name="Name">Full name or legal name.</param>
/// <param name="AddressLines">Postal address, one printed line each (street, postcode and city, country if abroad).</param>
public sealed record Addressee(string Name, IReadOnlyList<string> AddressLines)
{
    /// <summary>More lines would no longer fit the donor box of a one-page receipt.</summary>
    public const int MaxAddressLines = 5;

    internal void Check(string what)
    {
        DocumentRules.RequireText(Name, $"{what}.Name");
        ArgumentNullException.ThrowIfNull(AddressLines);
        if (AddressLines.Count == 0 || AddressLines.Count > MaxAddressLines)
        {
            throw new ArgumentException($"{what} needs 1 to {MaxAddressLines} address lines.");
        }

        foreach (var line in AddressLines)
        {
            DocumentRules.RequireText(line, $"{what}.AddressLines");
        }
    }
}
