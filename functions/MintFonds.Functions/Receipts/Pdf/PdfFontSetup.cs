using PdfSharp.Fonts;

namespace MintFonds.Functions.Receipts.Pdf;

/// <summary>
/// Installs <see cref="EmbeddedFontResolver"/> as PDFsharp's process-wide font resolver exactly once. PDFsharp
/// allows the setting only before the first font is used, and queue triggers render documents concurrently, so the
/// first renderer installs it under a lock and everyone after that only reads a flag.
/// </summary>
internal static class PdfFontSetup
{
    private static readonly Lock Gate = new();
    private static volatile bool configured;

    public static void EnsureConfigured()
    {
        if (configured)
        {
            return;
        }

        lock (Gate)
        {
            if (configured)
            {
                return;
            }

            switch (GlobalFontSettings.FontResolver)
            {
                case null:
                    GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
                    break;
                case EmbeddedFontResolver:
                    break;
                default:
                    // Silently using another resolver would print receipts in a font nobody checked.
                    throw new InvalidOperationException(
                        "Another PDFsharp font resolver is already installed; the receipt renderers need EmbeddedFontResolver.");
            }

            configured = true;
        }
    }
}
