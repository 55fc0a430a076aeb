using System.Text;
using MintFonds.Core.Payments;
using QRCoder;

namespace MintFonds.Functions.Payments;

/// <summary>Renders a GiroCode (EPC QR code) as PNG bytes for pledge confirmations, e-mails and PDFs.</summary>
public static class GiroCodeImage
{
    /// <summary>Eight pixels per module: version 13 with its quiet zone is 616 px, sharp when printed at 3–4 cm.</summary>
    public const int PixelsPerModule = 8;

    /// <summary>EPC069-12 limits the code to version 13 so that every banking app's scanner can read it.</summary>
    public const int MaxVersion = 13;

    public static byte[] Png(GiroCodeTransfer transfer) => Png(GiroCode.Payload(transfer));

    /// <summary>PNG of an already built payload; error-correction level M, with the four-module quiet zone.</summary>
    public static byte[] Png(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);

        // The payload is encoded as plain UTF-8 bytes in byte mode: GetBytes writes no BOM, and the byte overload adds no
        // ECI header, which some banking apps misread. (QRCoder's own GiroCode payload defaults to version 001 and
        // ISO-8859-1, hence not used.)
        using var data = QRCodeGenerator.GenerateQrCode(Encoding.UTF8.GetBytes(payload), QRCodeGenerator.ECCLevel.M);
        if (data.Version > MaxVersion)
        {
            throw new ArgumentException($"The payload needs QR version {data.Version}; a GiroCode allows at most {MaxVersion}.", nameof(payload));
        }

        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PixelsPerModule, drawQuietZones: true);
    }
}
