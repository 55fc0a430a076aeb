using System.Text;
using MintFonds.Core.Money;
using MintFonds.Core.Payments;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace MintFonds.Functions.Tests.Payments;

/// <summary>Reads the PNG back as a banking app would and compares the exact payload.</summary>
public sealed class GiroCodeImageTests
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
    public void The_decoded_payload_is_exactly_the_transliterated_one()
    {
        var scan = Scan(GiroCodeImage.Png(Donation));

        Assert.Equal(
            "BCD\n002\n1\nSCT\nCOBADEFFXXX\nTechnische Hochschule Bingen\nDE89370400440532013000\nEUR500.00\n\n\n"
            + "MRF-P-2027-0042-1 MINT-Regionalfonds Spende Mueller + Soehne",
            scan.Text);
        Assert.Equal("M", scan.ErrorCorrectionLevel);
        Assert.InRange(scan.Version, 1, GiroCodeImage.MaxVersion);
    }

    [Fact]
    public void The_bytes_are_plain_UTF8_without_a_byte_order_mark()
    {
        var payload = GiroCode.Payload(Donation);

        var scan = Scan(GiroCodeImage.Png(payload));

        Assert.Equal(Encoding.UTF8.GetBytes(payload), scan.Bytes);
    }

    [Fact]
    public void A_remittance_text_of_maximum_length_survives_the_round_trip()
    {
        // 70 "ü" become 140 characters: the limit is reached only after transliteration.
        var transfer = Donation with { RemittanceText = new string('ü', 70) };
        var payload = GiroCode.Payload(transfer);

        var scan = Scan(GiroCodeImage.Png(transfer));

        Assert.Equal(payload, scan.Text);
        Assert.EndsWith("\n" + string.Concat(Enumerable.Repeat("ue", 70)), scan.Text, StringComparison.Ordinal);
        Assert.Equal("M", scan.ErrorCorrectionLevel);
        Assert.InRange(scan.Version, 1, GiroCodeImage.MaxVersion);
    }

    [Fact]
    public void The_largest_allowed_payload_fits_version_13()
    {
        var transfer = Donation with
        {
            BeneficiaryName = "Technische Hochschule Bingen, MINT-Regionalfonds Mainz-Bingen (Rheinhessen) e.V.!"[..70],
            Amount = Euro.Max,
            PurposeCode = "CHAR",
            RemittanceText = "MRF-P-2027-0042-1 " + new string('ä', 61),
            NoteToPayer = new string('ö', 24),
        };
        var payload = GiroCode.Payload(transfer);
        Assert.Equal(GiroCode.MaxPayloadBytes, Encoding.UTF8.GetByteCount(payload));

        var scan = Scan(GiroCodeImage.Png(transfer));

        Assert.Equal(payload, scan.Text);
        Assert.Equal(GiroCodeImage.MaxVersion, scan.Version);
        Assert.Equal("M", scan.ErrorCorrectionLevel);
    }

    [Fact]
    public void A_payload_that_needs_a_larger_version_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => GiroCodeImage.Png(new string('x', GiroCode.MaxPayloadBytes + 1)));
        Assert.Equal("payload", error.ParamName);
    }

    private static QrScan Scan(byte[] png) => QrDecoder.Scan(png);
}
