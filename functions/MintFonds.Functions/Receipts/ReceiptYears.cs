using System.Globalization;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Time;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Which of a fund's Receipts partitions (<c>{fund}-{year}</c>) may hold outbox rows, so the relay timer reads those
/// and no others. Receipts are written to this year and the year before (payments of the year, collective receipts in
/// January): those two are always read. A receipt for an older year (a late payment, a correction) is rarer; the
/// issuer <see cref="MarkAsync">marks</see> the year in the fund's <c>{fund}-open</c> partition before it writes there,
/// and the relay reads a marked year until no outbox row is left in it and the mark is older than the relay's grace
/// period (a receipt being written right now cannot lose its mark).
/// </summary>
public sealed class ReceiptYears(StorageAccount storage, TimeProvider time)
{
    private const string MarkedAtColumn = "MarkedAt";

    private readonly TableClient _table = storage.Table(TableNames.Receipts);

    public static string MarksPartition(string fundId) => fundId + "-open";

    /// <summary>Whether a receipt written into <paramref name="year"/> now needs a mark for the relay to find its outbox row.</summary>
    public bool NeedsMark(int year) => year < BerlinTime.Today(time).Year - 1;

    public async Task MarkAsync(string fundId, int year, CancellationToken cancellationToken) =>
        await _table.UpsertEntityAsync(
            new TableEntity(MarksPartition(fundId), year.ToString(CultureInfo.InvariantCulture)) { [MarkedAtColumn] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>This year, the year before, and every marked older year, each with its mark (null for the two always read).</summary>
    public async Task<IReadOnlyList<(int Year, TableEntity? Mark)>> YearsToRelayAsync(string fundId, CancellationToken cancellationToken)
    {
        var year = BerlinTime.Today(time).Year;
        var years = new List<(int Year, TableEntity? Mark)> { (year, null), (year - 1, null) };
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MarksPartition(fundId)}");
        await foreach (var mark in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (int.TryParse(mark.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var marked) && marked < year - 1)
            {
                years.Add((marked, mark));
            }
        }

        return years;
    }

    /// <summary>Removes a mark whose year has no outbox row left, unless it was set after <paramref name="cutoff"/> or renewed since it was read.</summary>
    public async Task ForgetAsync(TableEntity mark, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (mark.GetDateTimeOffset(MarkedAtColumn) is { } markedAt && markedAt > cutoff)
        {
            return;
        }

        try
        {
            await _table.DeleteEntityAsync(mark.PartitionKey, mark.RowKey, mark.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone already, or renewed by a receipt written meanwhile: then it stays for the next run.
        }
    }
}
