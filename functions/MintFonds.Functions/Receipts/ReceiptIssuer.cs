using System.Globalization;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Money;
using MintFonds.Core.Payments;
using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Gives receipts their numbers. One transaction per receipt in the fund-year partition: the next number (ETag-guarded
/// counter, so numbers are gapless and never repeat under concurrency), the receipt row, and one "covers" row per
/// payment (inserts, so storage itself refuses a payment that another receipt already covers). When a race is lost,
/// the loser looks again: payments covered meanwhile are dropped, the rest are tried with the next number. Receipt
/// numbers stay gapless (the law asks for a complete series), so this is the one counter read before every attempt.
/// </summary>
public sealed class ReceiptIssuer(ReceiptTable receipts, ReceiptYears years, TimeProvider time)
{
    /// <summary>The outbox row that publishes a receipt if the inline publishing after the commit is interrupted.</summary>
    public static TableEntity PublishJob(ReceiptRecord record, DateTimeOffset now) => OutboxEntry.Create(
        ReceiptTable.Partition(record.FundId, record.Year),
        "publish-" + record.Number,
        QueueNames.Receipts,
        JsonSerializer.Serialize(new ReceiptJob { FundId = record.FundId, Year = record.Year, Number = record.Number }, MintFondsJson.Storage),
        now);

    private const int MaxAttempts = 200;

    /// <summary>
    /// Covers rows plus counter, receipt, publish job and (for a replacement) the cancelled receipt: a transaction
    /// holds 100 actions, so one receipt covers at most 96 payments.
    /// </summary>
    public const int MaxPaymentsPerReceipt = PartitionBatch.MaxActions - 4;

    /// <summary>Issues a receipt for the payments, or returns the receipt that already covers them all; null if all are covered by others.</summary>
    public async Task<ReceiptRecord?> IssueAsync(
        string fundId,
        int year,
        ReceiptKind kind,
        string sponsorId,
        IReadOnlyList<Payment> payments,
        (DateOnly From, DateOnly To)? period,
        CancellationToken cancellationToken,
        ReceiptRecord? replacing = null,
        ETag replacingETag = default,
        bool signatureRequired = false)
    {
        var partition = ReceiptTable.Partition(fundId, year);
        var remaining = payments.ToList();
        if (years.NeedsMark(year))
        {
            // Before the outbox row exists: the relay reads only this year, the year before, and marked years.
            await years.MarkAsync(fundId, year, cancellationToken);
        }

        for (var attempt = 1; attempt <= MaxAttempts && remaining.Count > 0; attempt++)
        {
            if (remaining.Count > MaxPaymentsPerReceipt)
            {
                throw new InvalidOperationException($"A receipt covers at most {MaxPaymentsPerReceipt} payments.");
            }

            var sequence = await GetAsync(partition, ReceiptTable.SequenceKey(kind), cancellationToken);
            var next = PartitionBatch.CounterValue(sequence) + 1;
            var number = Format(kind, year, next);
            var record = new ReceiptRecord
            {
                FundId = fundId,
                Year = year,
                Number = number,
                Kind = kind,
                SponsorId = sponsorId,
                PaymentIds = [.. remaining.Select(p => p.Id)],
                Total = remaining.Aggregate(Euro.Zero, (sum, p) => sum + p.Amount),
                PeriodFrom = period?.From,
                PeriodTo = period?.To,
                BlobName = $"{fundId}/{year.ToString(CultureInfo.InvariantCulture)}/{number}.pdf",
                IssuedAt = time.GetUtcNow(),
                Replaces = replacing?.Number,
                SignatureRequired = signatureRequired,
            };

            var batch = new PartitionBatch(partition).SetCounter(ReceiptTable.SequenceKey(kind), sequence, next);
            batch.Add(receipts.Entity(record));
            if (replacing is not null)
            {
                // The cancelled receipt hands its payments to the replacement in the same transaction: each covers row is
                // re-pointed (a row may appear only once in a transaction, so no delete-and-insert).
                batch.ReplaceIfUnchanged(receipts.Entity(replacing with { ReplacedBy = number }, replacingETag));
                foreach (var payment in remaining)
                {
                    batch.ReplaceIfUnchanged(new TableEntity(partition, ReceiptTable.CoversKey(payment.Id)) { ["Number"] = number, ETag = ETag.All });
                }
            }
            else
            {
                foreach (var payment in remaining)
                {
                    batch.Add(new TableEntity(partition, ReceiptTable.CoversKey(payment.Id)) { ["Number"] = number });
                }
            }

            // Publishing (PDF, e-mail) follows the commit; this row makes sure it happens even if the process dies first.
            batch.Add(PublishJob(record, record.IssuedAt));
            try
            {
                await batch.SubmitAsync(receipts.Client, cancellationToken);
                return record;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                if (replacing is not null)
                {
                    // Ours if the cancelled receipt now names this very replacement (the SDK retried our committed transaction).
                    var mine = await receipts.GetAsync(partition, ReceiptTable.ReceiptKey(number), cancellationToken);
                    return mine is not null && mine.Value.IssuedAt == record.IssuedAt && mine.Value.Replaces == replacing.Number
                        ? mine.Value
                        : throw new ReceiptConflictException("The receipt to replace was changed meanwhile.", ex);
                }

                var coveredBy = await CoveredByAsync(partition, remaining, cancellationToken);
                var holders = coveredBy.Values.Distinct(StringComparer.Ordinal).ToList();
                if (coveredBy.Count == remaining.Count && holders.Count == 1)
                {
                    // The same job ran twice: the other run issued the receipt.
                    return (await receipts.GetAsync(partition, ReceiptTable.ReceiptKey(holders[0]), cancellationToken))?.Value;
                }

                remaining = [.. remaining.Where(p => !coveredBy.ContainsKey(p.Id))];
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>The receipt that covers a payment, if any.</summary>
    public async Task<ReceiptRecord?> FindCoveringAsync(string fundId, int year, string paymentId, CancellationToken cancellationToken)
    {
        var partition = ReceiptTable.Partition(fundId, year);
        var covers = await GetAsync(partition, ReceiptTable.CoversKey(paymentId), cancellationToken);
        return covers is null ? null : (await receipts.GetAsync(partition, ReceiptTable.ReceiptKey(covers.GetString("Number")), cancellationToken))?.Value;
    }

    public static string Format(ReceiptKind kind, int year, long sequence)
    {
        var number = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{sequence:D4}");
        return kind == ReceiptKind.SponsoringInvoice ? "S-" + number : number;
    }

    private async Task<Dictionary<string, string>> CoveredByAsync(string partition, IReadOnlyList<Payment> payments, CancellationToken cancellationToken)
    {
        var covered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var payment in payments)
        {
            if (await GetAsync(partition, ReceiptTable.CoversKey(payment.Id), cancellationToken) is { } row)
            {
                covered[payment.Id] = row.GetString("Number");
            }
        }

        return covered;
    }

    private async Task<TableEntity?> GetAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await receipts.Client.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}

/// <summary>A correction lost a race against another change of the same receipt.</summary>
public sealed class ReceiptConflictException(string message, Exception inner) : Exception(message, inner);
