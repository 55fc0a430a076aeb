using MintFonds.Core.Validation;

namespace MintFonds.Core.Tests.Validation;

public sealed class FieldFormatTests
{
    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("de89370400440532013000")]
    [InlineData("AT61 1904 3002 3457 3201")]
    [InlineData("CH93 0076 2011 6238 5295 7")]
    [InlineData("NL91 ABNA 0417 1643 00")]
    public void Valid_IBANs_pass(string iban) => Assert.True(Iban.IsValid(iban));

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 01")] // checksum
    [InlineData("DE89 3704 0044 0532 0130")] // German length
    [InlineData("DE8937040044053201300X")]
    [InlineData("1234567890")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_IBANs_fail(string? iban) => Assert.False(Iban.IsValid(iban));

    [Fact]
    public void IBANs_are_stored_canonical_and_shown_in_groups_of_four()
    {
        Assert.Equal("DE89370400440532013000", Iban.Canonical(" de89 3704 0044 0532 0130 00 "));
        Assert.Equal("DE89 3704 0044 0532 0130 00", Iban.Format("DE89370400440532013000"));
    }

    [Theory]
    [InlineData("MALADE51MNZ", true)]
    [InlineData("COBADEFF", true)]
    [InlineData("COBADEFFX", false)]
    [InlineData("12BADEFF", false)]
    public void BICs_are_checked_for_shape(string bic, bool valid) => Assert.Equal(valid, Bic.IsValid(bic));

    [Theory]
    [InlineData("info@th-bingen.de", true)]
    [InlineData("m.müller@grundschule-ingelheim.de", true)]
    [InlineData("kein-at.de", false)]
    [InlineData("a@b", false)]
    [InlineData("Name <a@b.de>", false)]
    [InlineData("a@b.de, c@d.de", false)]
    [InlineData("a b@c.de", false)]
    public void E_mail_addresses_are_single_plain_addresses(string address, bool valid) => Assert.Equal(valid, EmailAddress.IsValid(address));

    [Theory]
    [InlineData("+49 6721 409-0", true)]
    [InlineData("06721/4090", true)]
    [InlineData("(06721) 40 90", true)]
    [InlineData("123", false)]
    [InlineData("0049+6721", false)]
    [InlineData("06721 ABC", false)]
    public void Phone_numbers_accept_German_notation(string phone, bool valid) => Assert.Equal(valid, PhoneNumber.IsValid(phone));

    [Theory]
    [InlineData("th-bingen", true)]
    [InlineData("2027-fruehjahr", true)]
    [InlineData("a", false)]
    [InlineData("-start", false)]
    [InlineData("ende-", false)]
    [InlineData("Gross", false)]
    [InlineData("mit leerzeichen", false)]
    [InlineData("ümlaut", false)]
    public void Slugs_are_lowercase_ascii_with_inner_hyphens(string slug, bool valid) => Assert.Equal(valid, Slug.IsValid(slug));
}
