using MintFonds.Functions.Receipts;

namespace MintFonds.Functions.Tests.Receipts;

public sealed class ParallelRenderingTests
{
    [Fact]
    public void Thirty_receipts_render_at_once_each_with_its_own_content()
    {
        // All threads start together, so the first font use (and the one-time resolver setup, when this test runs
        // first in the process) happens concurrently, as with a burst of queue messages.
        const int Count = 30;
        var results = new byte[Count][];
        var errors = new List<Exception>();
        using var start = new Barrier(Count);
        var threads = Enumerable.Range(0, Count).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                results[i] = DonationReceiptPdf.Render(ReceiptSamples.Individual($"2026-{i + 1:0000}"));
            }
            catch (Exception error)
            {
                lock (errors)
                {
                    errors.Add(error);
                }
            }
        })).ToList();

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Empty(errors);
        for (var i = 0; i < Count; i++)
        {
            var pdf = PdfReadBack.Of(results[i]);
            Assert.Single(pdf.Pages);
            Assert.Contains($"Nr. 2026-{i + 1:0000}", pdf.Text, StringComparison.Ordinal);
            Assert.Contains(ReceiptSamples.Title, pdf.Text, StringComparison.Ordinal);
            Assert.Empty(pdf.FontsWithoutFile);
        }
    }
}
