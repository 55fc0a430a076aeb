using MintFonds.Core.Payments;

namespace MintFonds.Core.Tests.Payments;

public sealed class SepaTextTests
{
    [Theory]
    [InlineData("Müller & Söhne", "Mueller + Soehne")]
    [InlineData("Äpfel, Öfen, Übungen, Straße", "Aepfel, Oefen, Uebungen, Strasse")]
    [InlineData("MÜLLER GRÜẞE", "MUELLER GRUESSE")]
    [InlineData("Ä Ö", "Ae Oe")]
    [InlineData("„Jugend forscht“ – ‚MINT‘ — Zukunft", "'Jugend forscht' - 'MINT' - Zukunft")]
    [InlineData("\"Kita\" Sonnenschein_2027", "'Kita' Sonnenschein-2027")]
    [InlineData("Crème brûlée, Peña, Łódź, Øresund, Æsir", "Creme brulee, Pena, Lodz, Oresund, AEsir")]
    [InlineData("100 € für 3D-Drucker", "100 EUR fuer 3D-Drucker")]
    [InlineData("a@b; 50% #1!", "a.b. 50. .1.")]
    [InlineData("Spende 🚀 danke", "Spende . danke")]
    [InlineData("  Zeile 1\r\n\tZeile\u00a02  ", "Zeile 1 Zeile 2")]
    [InlineData("Mu\u0308ller", "Mueller")]
    [InlineData("MRF-P-2027-0042-1 (Rest: 12,50/Monat)? Ja.", "MRF-P-2027-0042-1 (Rest: 12,50/Monat)? Ja.")]
    public void Text_becomes_SEPA_Latin(string text, string expected) =>
        Assert.Equal(expected, SepaText.Transliterate(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_stays_empty(string? text) => Assert.Equal(string.Empty, SepaText.Transliterate(text));

    [Fact]
    public void Every_output_character_is_in_the_SEPA_set()
    {
        var all = new string(Enumerable.Range(0x20, 0x250).Select(i => (char)i).ToArray());
        Assert.All(SepaText.Transliterate(all), c => Assert.True(SepaText.IsSepaCharacter(c), $"U+{(int)c:X4}"));
    }
}
