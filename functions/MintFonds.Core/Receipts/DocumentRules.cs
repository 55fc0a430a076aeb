using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Receipts;

/// <summary>
/// Checks shared by the receipt and invoice documents. They throw: a document is built by the system from booked
/// payments, so a violation is a bug upstream, and a wrong tax document must never be rendered.
/// </summary>
internal static class DocumentRules
{
    public static void RequireText(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }
    }

    public static void RequirePositive(Euro amount, string name)
    {
        if (amount <= Euro.Zero)
        {
            throw new ArgumentException($"{name} must be more than 0 €.", name);
        }
    }

    public static void RequireIssuer(FundOperator issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        RequireText(issuer.LegalName, "Issuer.LegalName");
        ArgumentNullException.ThrowIfNull(issuer.Address);
        RequireText(issuer.Address.Street, "Issuer.Address.Street");
        RequireText(issuer.Address.PostalCode, "Issuer.Address.PostalCode");
        RequireText(issuer.Address.City, "Issuer.Address.City");
        RequireText(issuer.PurposeText, "Issuer.PurposeText");
        RequireText(issuer.ReceiptPlace, "Issuer.ReceiptPlace");
    }
}
