using System.Diagnostics;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MintFonds.Tools.Benchmark;

/// <summary>
/// Milliseconds per donation receipt PDF beside a trivial one-page PDF made with the same library and the same font
/// (DejaVu Sans, embedded): the difference is what the receipt's layout and wording cost.
/// </summary>
internal static class PdfBench
{
    public static (List<double> ReceiptMs, List<double> TrivialMs) Run(Options options)
    {
        var receipt = Receipt();

        // Installs the app's font resolver and warms up the JIT; not measured.
        DonationReceiptPdf.Render(receipt);
        Trivial();

        var receiptMs = new List<double>();
        var trivialMs = new List<double>();
        for (var repetition = 0; repetition < options.Repetitions; repetition++)
        {
            receiptMs.Add(PerDocument(options.Documents, () => DonationReceiptPdf.Render(receipt)));
            trivialMs.Add(PerDocument(options.Documents, Trivial));
        }

        return (receiptMs, trivialMs);
    }

    private static double PerDocument(int documents, Func<byte[]> render)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < documents; i++)
        {
            if (render().Length == 0)
            {
                throw new InvalidOperationException("An empty PDF.");
            }
        }

        return clock.Elapsed.TotalMilliseconds / documents;
    }

    private static byte[] Trivial()
    {
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            graphics.DrawString("Zuwendungsbestätigung 2026-0001", new XFont("DejaVu Sans", 12), XBrushes.Black, new XPoint(72, 72));
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static DonationReceiptDocument Receipt() => DonationReceiptDocument.Individual(
        "2026-0001",
        new FundOperator(
            "Technische Hochschule Bingen",
            new PostalAddress("Berlinstraße 109", "55411", "Bingen am Rhein", "DE"),
            "Förderung der Bildung (MINT-Bildung entlang der Bildungskette in der Region Mainz-Bingen)",
            "Bingen am Rhein",
            MachineMadeReceipts: true),
        new Addressee("Rheinhessische Maschinenbau GmbH", ["Industriestraße 12", "55411 Bingen am Rhein"]),
        Euro.FromDecimal(1250.00m),
        "eintausendzweihundertfünfzig Euro",
        donationDate: new DateOnly(2026, 3, 12),
        issueDate: new DateOnly(2026, 3, 16));
}
