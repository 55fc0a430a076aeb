namespace MintFonds.Core.Uploads;

/// <summary>
/// The type of an uploaded file, read from its first bytes ("magic numbers"), never from its name or the type the
/// client declared: a PNG named ".pdf" is a PNG, an HTML page named ".jpg" is nothing we accept.
/// </summary>
public static class FileSniffer
{
    public const string Pdf = "application/pdf";

    public const string Png = "image/png";

    public const string Jpeg = "image/jpeg";

    /// <summary>The content type, or null when the bytes are none of PDF, PNG, JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        return null;
    }

    public static string Extension(string contentType) => contentType switch
    {
        Pdf => ".pdf",
        Png => ".png",
        Jpeg => ".jpg",
        _ => string.Empty,
    };
}
