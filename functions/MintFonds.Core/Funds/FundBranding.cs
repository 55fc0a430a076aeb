using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Funds;

/// <summary>
/// A fund's colours, used on its forms its documents (PDF headings and rules) and its e-mails (headings, links, buttons). Both are used for text and buttons on
/// white, so each must reach a contrast of at least 4.5:1 against white (WCAG 2.x AA for normal text).
/// </summary>
public sealed record FundBranding(string PrimaryColor, string AccentColor)
{
    /// <summary>What a fund without its own colours shows (dark blue and dark magenta; both above 4.5:1 on white).</summary>
    public static readonly FundBranding Default = new("#00508C", "#A3195B");

    public static FundBranding Of(Fund fund) => fund.Branding ?? Default;
}

/// <summary>
/// The fund's current uploaded logo: its SHA-256 names the blob (content-addressed) and versions its public URL.
/// </summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the image bytes.</param>
/// <param name="ContentType"><c>image/png</c> or <c>image/jpeg</c>, as sniffed from the content.</param>
public sealed record FundLogo(string Sha256, string ContentType, int Width, int Height, int Bytes, DateTimeOffset UploadedAt)
{
    /// <summary>The short version token of the public URL (<c>?v=</c>); derived, never stored.</summary>
    [JsonIgnore]
    public string Version => Sha256[..16];

    /// <summary>The strong ETag of the image; derived, never stored.</summary>
    [JsonIgnore]
    public string ETag => "\"" + Sha256[..32] + "\"";
}

/// <summary>The colours as the office sends them: <c>#RRGGBB</c>.</summary>
public sealed record BrandingInput
{
    public string? PrimaryColor { get; init; }

    public string? AccentColor { get; init; }
}

public static partial class BrandingValidator
{
    /// <summary>WCAG 2.x success criterion 1.4.3 (AA): text needs 4.5:1 against its background.</summary>
    public const double MinimumContrast = 4.5;

    /// <summary>Null input: no own colours (the defaults apply). Otherwise both colours, each readable on white.</summary>
    public static FundBranding? Check(InputChecker check, BrandingInput? input)
    {
        if (input is null)
        {
            return null;
        }

        var primary = Colour(check, "branding.primaryColor", input.PrimaryColor);
        var accent = Colour(check, "branding.accentColor", input.AccentColor);
        return primary is null || accent is null ? null : new FundBranding(primary, accent);
    }

    /// <summary>Contrast ratio of a <c>#RRGGBB</c> colour against white, per WCAG 2.x relative luminance.</summary>
    public static double ContrastWithWhite(string colour)
    {
        double Channel(int offset)
        {
            var value = int.Parse(colour.AsSpan(1 + offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return value <= 0.04045 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
        return 1.05 / (luminance + 0.05);
    }

    private static string? Colour(InputChecker check, string field, string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            check.Add(field, "Bitte eine Farbe als #RRGGBB angeben, z. B. #00508C.");
            return null;
        }

        if (!ColourPattern().IsMatch(text))
        {
            check.Add(field, "Eine Farbe wird als #RRGGBB angegeben (sechs Hex-Ziffern), z. B. #00508C.");
            return null;
        }

        var colour = text.ToUpperInvariant();
        var contrast = ContrastWithWhite(colour);
        if (contrast < MinimumContrast)
        {
            check.Add(field, string.Create(
                CultureInfo.GetCultureInfo("de-DE"),
                $"Zu hell für Schrift auf Weiß: Kontrast {contrast:0.0}:1, nötig sind mindestens 4,5:1 (WCAG AA). Bitte eine dunklere Farbe wählen."));
            return null;
        }

        return colour;
    }

    [GeneratedRegex(@"\A#[0-9A-Fa-f]{6}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ColourPattern();
}
