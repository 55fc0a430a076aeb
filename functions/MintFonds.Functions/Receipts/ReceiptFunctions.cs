using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Funds;
using MintFonds.Core.Time;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Platform.Timers;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>The receipts queue (one document per matched payment), its poison queue, and the yearly collective receipts.</summary>
public sealed class ReceiptFunctions(ReceiptService receipts, DeadLetterService deadLetters, FundTable funds, TimeProvider time, TimerRuns runs)
{
    [Function(nameof(IssueReceipt))]
    public Task IssueReceipt([QueueTrigger(QueueNames.Receipts)] string message, CancellationToken cancellationToken) =>
        receipts.HandleJobAsync(message, cancellationToken);

    [Function(nameof(RecordFailedReceiptJob))]
    public Task RecordFailedReceiptJob([QueueTrigger(QueueNames.Receipts + QueueNames.PoisonSuffix)] string message, CancellationToken cancellationToken) =>
        deadLetters.RecordAsync(
            QueueNames.Receipts, message, DeadLetterKind.RetriesExhausted,
            $"Der Beleg konnte nach {DeadLetterService.MaxDequeueCount} Versuchen nicht erstellt werden.", cancellationToken);

    /// <summary>In January: a Sammelbestätigung for the year before, for every sponsor of every active fund who asked for one.</summary>
    [Function(nameof(IssueCollectiveReceipts))]
    public Task IssueCollectiveReceipts([TimerTrigger("%CollectiveReceiptSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(IssueCollectiveReceipts), IssueCollectiveReceiptsAsync, cancellationToken);

    private async Task IssueCollectiveReceiptsAsync(CancellationToken cancellationToken)
    {
        var year = BerlinTime.Today(time).Year - 1;
        await foreach (var fund in funds.QueryPartitionAsync(FundTable.Partition, null, cancellationToken))
        {
            if (fund.Value.Status == FundStatus.Active)
            {
                await receipts.IssueCollectiveAsync(fund.Value.Id, year, cancellationToken);
            }
        }
    }
}
