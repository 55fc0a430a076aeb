using MintFonds.Core.Funds;
using MintFonds.Core.Receipts;

namespace MintFonds.Core.Tests.Receipts;

internal static class ReceiptData
{
    public static readonly FundOperator Issuer = new(
        "Technische Hochschule Bingen",
        new PostalAddress("Berlinstraße 109", "55411", "Bingen am Rhein", "DE"),
        "Förderung der Bildung (MINT-Bildung entlang der Bildungskette in der Region Mainz-Bingen)",
        "Bingen am Rhein",
        MachineMadeReceipts: true);

    public static readonly Addressee Donor = new("Rheinhessische Maschinenbau GmbH", ["Industriestraße 12", "55411 Bingen am Rhein"]);

    public static DateOnly Day(int month, int day) => new(2026, month, day);
}
