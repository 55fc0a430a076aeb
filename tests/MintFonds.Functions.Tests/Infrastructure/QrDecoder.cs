using MintFonds.Functions.Payments;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;
using ZXing.Common;
using ZXing.QrCode;
using ZXing;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>What a QR code holds, read back from its PNG as a banking app's scanner would.</summary>
public sealed record QrScan(string Text, string? ErrorCorrectionLevel, int Version, byte[] Bytes);

/// <summary>Decodes a QR code PNG with ZXing.Net (pixels read with ImageSharp).</summary>
public static class QrDecoder
{
    public static QrScan Scan(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        using var image = Image.Load<L8>(png);
        var pixels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        var source = new RGBLuminanceSource(pixels, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.CHARACTER_SET] = "UTF-8" };
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        Assert.NotNull(result);

        // The image is square: modules of 8 px, a quiet zone of 4 modules each side, 17 + 4 × version modules inside.
        Assert.Equal(image.Width, image.Height);
        Assert.Equal(0, image.Width % GiroCodeImage.PixelsPerModule);
        var version = ((image.Width / GiroCodeImage.PixelsPerModule) - 8 - 17) / 4;

        var level = result.ResultMetadata[ResultMetadataType.ERROR_CORRECTION_LEVEL].ToString();
        var segments = (IList<byte[]>)result.ResultMetadata[ResultMetadataType.BYTE_SEGMENTS];
        return new QrScan(result.Text, level, version, segments.SelectMany(segment => segment).ToArray());
    }

}
