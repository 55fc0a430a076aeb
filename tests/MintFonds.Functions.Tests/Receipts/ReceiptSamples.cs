using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;

namespace MintFonds.Functions.Tests.Receipts;

internal static class ReceiptSamples
{
    public const string Title =
        "Bestätigung über Geldzuwendungen im Sinne des § 10b des Einkommensteuergesetzes an inländische juristische Personen des öffentlichen Rechts oder inländische öffentliche Dienststellen";

    public const string LiabilityNotice =
        "Wer vorsätzlich oder grob fahrlässig eine unrichtige Zuwendungsbestätigung erstellt oder veranlasst, dass Zuwendungen nicht zu den in der Zuwendungsbestätigung angegebenen steuerbegünstigten Zwecken verwendet werden, haftet für die entgangene Steuer (§ 10b Absatz 4 EStG, § 9 Absatz 3 KStG, § 9 Nummer 5 GewStG).";

    public const string NoOtherReceipts =
        "Es wird bestätigt, dass über die in der Gesamtsumme enthaltenen Zuwendungen keine weiteren Bestätigungen, weder formelle Zuwendungsbestätigungen noch Beitragsquittungen oder ähnliches ausgestellt wurden und werden.";

    /// <summary>R 10b.1 Abs. 4 EStR: a receipt without a handwritten signature states the notification to the tax office.</summary>
    public const string MachineMadeNote =
        "Die maschinelle Erstellung der Zuwendungsbestätigung ist dem zuständigen Finanzamt Bingen-Alzey am 15.01.2026 angezeigt worden. Die Bestätigung ist ohne Unterschrift gültig (R 10b.1 Absatz 4 EStR).";

    public static readonly FundOperator Issuer = new(
        "Technische Hochschule Bingen",
        new PostalAddress("Berlinstraße 109", "55411", "Bingen am Rhein", "DE"),
        "Förderung der Bildung (MINT-Bildung entlang der Bildungskette in der Region Mainz-Bingen)",
        "Bingen am Rhein",
        MachineMadeReceipts: true)
    {
        MachineProcedure = new MachineProcedure("Bingen-Alzey", new DateOnly(2026, 1, 15)),
        Signatory = new Signatory("Prof. Dr. Hans-Jürgen Beispiel", "Präsident"),
        TaxNumber = "08/650/12345",
    };

    public static readonly Addressee Donor = new("Rheinhessische Maschinenbau GmbH", ["Industriestraße 12", "55411 Bingen am Rhein"]);

    public static DonationReceiptDocument Individual(string number = "2026-0001", string? replaces = null) =>
        DonationReceiptDocument.Individual(
            number, Issuer, Donor, Euro.FromDecimal(1250.00m), "eintausendzweihundertfünfzig Euro",
            new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16), replaces: replaces);

    public static DonationReceiptDocument Collective() =>
        DonationReceiptDocument.Collective(
            "2026-0002", Issuer, Donor, Year2025, Euro.FromDecimal(2250.00m), "zweitausendzweihundertfünfzig Euro",
            [
                new DonationAnnexRow(new DateOnly(2025, 4, 15), Euro.FromDecimal(500.00m)),
                new DonationAnnexRow(new DateOnly(2025, 1, 15), Euro.FromDecimal(500.00m)),
                new DonationAnnexRow(new DateOnly(2025, 9, 30), Euro.FromDecimal(250.00m), ContributionType.MembershipFee),
                new DonationAnnexRow(new DateOnly(2025, 12, 1), Euro.FromDecimal(1000.00m)),
            ],
            new DateOnly(2026, 1, 20));

    /// <summary>A donor who gave 12,34 € on <paramref name="days"/> different days of 2025: an annex of several pages.</summary>
    public static DonationReceiptDocument LongCollective(int days)
    {
        var annex = Enumerable.Range(0, days).Select(day => new DonationAnnexRow(new DateOnly(2025, 1, 1).AddDays(day), new Euro(1234))).ToList();
        return DonationReceiptDocument.Collective(
            "2026-0003", Issuer, Donor, Year2025, new Euro(1234 * days), GermanAmountInWords.For(new Euro(1234 * days)), annex, new DateOnly(2026, 1, 20));
    }

    private static DatePeriod Year2025 => new(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));
}
