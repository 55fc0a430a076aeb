using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using static MintFonds.Core.Tests.Receipts.ReceiptData;

namespace MintFonds.Core.Tests.Receipts;

public sealed class DonationReceiptDocumentTests
{
    private static readonly Euro Hundred = Euro.FromDecimal(100m);

    [Fact]
    public void An_individual_receipt_carries_one_donation_and_no_annex()
    {
        var receipt = DonationReceiptDocument.Individual(
            " 2026-0001 ", Issuer, Donor, Euro.FromDecimal(1250m), "eintausendzweihundertfünfzig Euro", Day(3, 15), Day(3, 20));

        Assert.Equal(DonationReceiptKind.Individual, receipt.Kind);
        Assert.Equal("2026-0001", receipt.Number);
        Assert.Equal(Day(3, 15), receipt.DonationDate);
        Assert.Null(receipt.Period);
        Assert.Empty(receipt.Annex);
        Assert.Same(DonationUse.Direct, receipt.Use);
        Assert.Null(receipt.Replaces);
    }

    [Fact]
    public void A_collective_receipt_sorts_its_annex_and_keeps_the_total()
    {
        var receipt = DonationReceiptDocument.Collective(
            "2026-0002", Issuer, Donor, new DatePeriod(Day(1, 1), Day(12, 31)), Euro.FromDecimal(300m), "dreihundert Euro",
            [new(Day(6, 1), Hundred), new(Day(2, 1), Euro.FromDecimal(150m)), new(Day(9, 1), Euro.FromDecimal(50m), ContributionType.MembershipFee)],
            Day(12, 31));

        Assert.Equal(DonationReceiptKind.Collective, receipt.Kind);
        Assert.Null(receipt.DonationDate);
        Assert.Equal([Day(2, 1), Day(6, 1), Day(9, 1)], receipt.Annex.Select(row => row.Date));
        Assert.Equal(Euro.FromDecimal(300m), receipt.Amount);
    }

    [Fact]
    public void A_collective_receipt_whose_annex_does_not_add_up_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Collective(
            "2026-0002", Issuer, Donor, new DatePeriod(Day(1, 1), Day(12, 31)), Euro.FromDecimal(250m), "zweihundertfünfzig Euro",
            [new(Day(2, 1), Hundred), new(Day(3, 1), Hundred)], Day(12, 31)));

        Assert.Contains("200,00 €", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_collective_receipt_needs_at_least_one_annex_row() =>
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Collective(
            "2026-0002", Issuer, Donor, new DatePeriod(Day(1, 1), Day(12, 31)), Hundred, "einhundert Euro", [], Day(12, 31)));

    [Fact]
    public void Annex_rows_outside_the_period_are_refused() =>
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Collective(
            "2026-0002", Issuer, Donor, new DatePeriod(Day(1, 1), Day(6, 30)), Hundred, "einhundert Euro",
            [new(Day(7, 1), Hundred)], Day(12, 31)));

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Amounts_must_be_positive(long cents) =>
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Individual(
            "2026-0001", Issuer, Donor, new Euro(cents), "null Euro", Day(3, 15), Day(3, 20)));

    [Fact]
    public void A_receipt_is_not_issued_before_the_donation() =>
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Individual(
            "2026-0001", Issuer, Donor, Hundred, "einhundert Euro", Day(3, 15), Day(3, 14)));

    [Fact]
    public void A_receipt_cannot_replace_itself() =>
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Individual(
            "2026-0001", Issuer, Donor, Hundred, "einhundert Euro", Day(3, 15), Day(3, 20), replaces: "2026-0001"));

    [Fact]
    public void Missing_words_or_donor_data_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Individual(
            "2026-0001", Issuer, Donor, Hundred, " ", Day(3, 15), Day(3, 20)));
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Individual(
            "2026-0001", Issuer, Donor with { AddressLines = [] }, Hundred, "einhundert Euro", Day(3, 15), Day(3, 20)));
        Assert.Throws<ArgumentException>(() => DonationReceiptDocument.Individual(
            "2026-0001", Issuer with { PurposeText = "" }, Donor, Hundred, "einhundert Euro", Day(3, 15), Day(3, 20)));
    }

    [Fact]
    public void Passing_money_on_names_the_recipient_and_its_exemption()
    {
        var use = DonationUse.PassedOnTo("Förderverein MINT e. V.", "Finanzamt Bingen-Alzey, StNr. 08/123/45678, mit Freistellungsbescheid vom 01.02.2025");

        Assert.True(use.IsPassedOn);
        Assert.False(DonationUse.Direct.IsPassedOn);
        Assert.Throws<ArgumentException>(() => DonationUse.PassedOnTo("Förderverein MINT e. V.", ""));
    }

    [Fact]
    public void A_period_cannot_end_before_it_starts() =>
        Assert.Throws<ArgumentException>(() => new DatePeriod(Day(2, 1), Day(1, 31)));
}
