using MintFonds.Core.Money;
using MintFonds.Core.Payments;

namespace MintFonds.Core.Tests.Payments;

public sealed class GiroCodeTests
{
    private static readonly GiroCodeTransfer Donation = new()
    {
        BeneficiaryName = "Technische Hochschule Bingen",
        Iban = "DE89370400440532013000",
        Bic = "COBADEFFXXX",
        Amount = Euro.FromDecimal(500.00m),
        RemittanceText = "MRF-P-2027-0042-1 MINT-Regionalfonds Spende Müller & Söhne",
    };

    [Fact]
    public void A_pledge_payment_gives_the_exact_version_002_payload_without_trailing_empty_lines()
    {
        Assert.Equal(
            "BCD\n002\n1\nSCT\nCOBADEFFXXX\nTechnische Hochschule Bingen\nDE89370400440532013000\nEUR500.00\n\n\n"
            + "MRF-P-2027-0042-1 MINT-Regionalfonds Spende Mueller + Soehne",
            GiroCode.Payload(Donation));
    }

    [Fact]
    public void All_twelve_lines_are_written_when_the_note_to_the_payer_is_set()
    {
        var payload = GiroCode.Payload(Donation with { PurposeCode = "char", NoteToPayer = "Danke für Ihre Förderung!" });

        Assert.Equal(
            "BCD\n002\n1\nSCT\nCOBADEFFXXX\nTechnische Hochschule Bingen\nDE89370400440532013000\nEUR500.00\nCHAR\n\n"
            + "MRF-P-2027-0042-1 MINT-Regionalfonds Spende Mueller + Soehne\nDanke fuer Ihre Foerderung.",
            payload);
        Assert.Equal(12, payload.Split('\n').Length);
    }

    [Fact]
    public void Bic_and_amount_are_optional_and_the_iban_is_normalised()
    {
        var payload = GiroCode.Payload(new GiroCodeTransfer
        {
            BeneficiaryName = "Technische Hochschule Bingen",
            Iban = "de89 3704 0044 0532 0130 00",
            RemittanceText = "MRF-P-2027-0042-1",
        });

        Assert.Equal("BCD\n002\n1\nSCT\n\nTechnische Hochschule Bingen\nDE89370400440532013000\n\n\n\nMRF-P-2027-0042-1", payload);
    }

    [Fact]
    public void Without_any_remittance_the_payload_ends_after_the_last_filled_line()
    {
        var payload = GiroCode.Payload(Donation with { RemittanceText = null, Amount = new Euro(1) });

        Assert.Equal("BCD\n002\n1\nSCT\nCOBADEFFXXX\nTechnische Hochschule Bingen\nDE89370400440532013000\nEUR0.01", payload);
    }

    [Fact]
    public void A_structured_creditor_reference_goes_on_its_own_line()
    {
        var payload = GiroCode.Payload(Donation with { RemittanceText = null, StructuredReference = "rf18 5390 0754 7034" });

        Assert.Equal(
            "BCD\n002\n1\nSCT\nCOBADEFFXXX\nTechnische Hochschule Bingen\nDE89370400440532013000\nEUR500.00\n\nRF18539007547034",
            payload);
    }

    [Theory]
    [InlineData("1", "EUR1.00")]
    [InlineData("12.5", "EUR12.50")]
    [InlineData("999999999.99", "EUR999999999.99")]
    public void Amounts_have_a_dot_and_exactly_two_decimals(string euros, string line)
    {
        var amount = Euro.FromDecimal(decimal.Parse(euros, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(line, GiroCode.Payload(Donation with { Amount = amount }).Split('\n')[7]);
    }

    [Fact]
    public void Line_breaks_in_user_text_cannot_shift_the_fields()
    {
        var payload = GiroCode.Payload(Donation with { RemittanceText = "MRF-P-2027-0042-1\nEUR9999.00\r\nX" });

        Assert.EndsWith("\nMRF-P-2027-0042-1 EUR9999.00 X", payload, StringComparison.Ordinal);
        Assert.Equal(11, payload.Split('\n').Length);
    }

    [Fact]
    public void Lengths_are_checked_after_transliteration_and_name_the_field()
    {
        // 70 umlauts fit as typed but become 140 characters.
        var error = Assert.Throws<ArgumentException>(() => GiroCode.Payload(Donation with { BeneficiaryName = new string('Ä', 70) }));
        Assert.Equal(nameof(GiroCodeTransfer.BeneficiaryName), error.ParamName);

        var text = Assert.Throws<ArgumentException>(() => GiroCode.Payload(Donation with { RemittanceText = new string('ü', 71) }));
        Assert.Equal(nameof(GiroCodeTransfer.RemittanceText), text.ParamName);

        var note = Assert.Throws<ArgumentException>(() => GiroCode.Payload(Donation with { NoteToPayer = new string('x', 71) }));
        Assert.Equal(nameof(GiroCodeTransfer.NoteToPayer), note.ParamName);
    }

    [Fact]
    public void Texts_at_their_limits_are_accepted()
    {
        var payload = GiroCode.Payload(Donation with { BeneficiaryName = new string('N', 70), RemittanceText = new string('ß', 70) });

        Assert.EndsWith("\n" + new string('s', 140), payload, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_over_331_bytes_is_refused_even_when_every_field_fits()
    {
        var full = Donation with
        {
            BeneficiaryName = new string('N', 70),
            Amount = Euro.Max,
            PurposeCode = "CHAR",
            RemittanceText = new string('R', 140),
        };

        Assert.Equal(GiroCode.MaxPayloadBytes, GiroCode.Payload(full with { NoteToPayer = new string('H', 48) }).Length);
        var error = Assert.Throws<ArgumentException>(() => GiroCode.Payload(full with { NoteToPayer = new string('H', 49) }));
        Assert.Equal("transfer", error.ParamName);
    }

    [Theory]
    [InlineData(nameof(GiroCodeTransfer.Iban))]
    [InlineData(nameof(GiroCodeTransfer.Bic))]
    [InlineData(nameof(GiroCodeTransfer.PurposeCode))]
    [InlineData(nameof(GiroCodeTransfer.StructuredReference))]
    [InlineData(nameof(GiroCodeTransfer.BeneficiaryName))]
    public void Invalid_fields_are_refused_by_name(string field)
    {
        var transfer = field switch
        {
            nameof(GiroCodeTransfer.Iban) => Donation with { Iban = "DE89370400440532013001" },
            nameof(GiroCodeTransfer.Bic) => Donation with { Bic = "COBA" },
            nameof(GiroCodeTransfer.PurposeCode) => Donation with { PurposeCode = "CHARI" },
            nameof(GiroCodeTransfer.StructuredReference) => Donation with { RemittanceText = null, StructuredReference = "RF19539007547034" },
            _ => Donation with { BeneficiaryName = "  " },
        };

        var error = Assert.Throws<ArgumentException>(() => GiroCode.Payload(transfer));
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Structured_reference_and_free_text_exclude_each_other()
    {
        var error = Assert.Throws<ArgumentException>(() => GiroCode.Payload(Donation with { StructuredReference = "RF18539007547034" }));
        Assert.Equal(nameof(GiroCodeTransfer.RemittanceText), error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    [InlineData(100_000_000_000)]
    public void Amounts_outside_the_SEPA_range_are_refused(long cents)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GiroCode.Payload(Donation with { Amount = new Euro(cents) }));
        Assert.Equal(nameof(GiroCodeTransfer.Amount), error.ParamName);
    }
}
