using System.Buffers.Binary;

namespace MintFonds.Functions.Regions;

/// <summary>
/// What an uploaded logo really is, read from its bytes (never from the request's Content-Type): PNG by its 8-byte
/// signature and the IHDR chunk that must follow it, JPEG by its SOI marker and the first start-of-frame segment.
/// Only the header is read; whether the image can be printed at all is checked by rendering it once (see
/// <see cref="Receipts.Pdf.Letterhead.CanPrint"/>).
/// </summary>
public sealed record LogoImage(string ContentType, int Width, int Height)
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The type the content announces by its magic bytes, or null when it is neither PNG nor JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) =>
        content.Length >= PngSignature.Length && content[..PngSignature.Length].SequenceEqual(PngSignature) ? Png
        : content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF ? Jpeg
        : null;

    /// <summary>Type and pixel size from the header; null when the header is missing or malformed.</summary>
    public static LogoImage? Read(ReadOnlySpan<byte> content) => Sniff(content) switch
    {
        Png => ReadPng(content),
        Jpeg => ReadJpeg(content),
        _ => null,
    };

    private static LogoImage? ReadPng(ReadOnlySpan<byte> content)
    {
        // Signature (8), then the first chunk must be IHDR: length 13, "IHDR", width and height (big-endian).
        if (content.Length < 33 || BinaryPrimitives.ReadUInt32BigEndian(content[8..]) != 13 || !content[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(content[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(content[20..]);
        return width is 0 or > int.MaxValue || height is 0 or > int.MaxValue ? null : new LogoImage(Png, (int)width, (int)height);
    }

    private static LogoImage? ReadJpeg(ReadOnlySpan<byte> content)
    {
        // Walk the marker segments after SOI (FF D8) up to the first SOFn, which holds the frame's height and width.
        var at = 2;
        while (at + 4 <= content.Length)
        {
            if (content[at] != 0xFF)
            {
                return null;
            }

            var marker = content[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // segments without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or start of scan before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(content[(at + 2)..]);
            if (length < 2 || at + 2 + length > content.Length)
            {
                return null;
            }

            var isFrame = marker is >= 0xC0 and <= 0xCF && marker is not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame)
            {
                if (length < 7)
                {
                    return null;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(content[(at + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(content[(at + 7)..]);
                return width == 0 || height == 0 ? null : new LogoImage(Jpeg, width, height);
            }

            at += 2 + length;
        }

        return null;
    }
}
