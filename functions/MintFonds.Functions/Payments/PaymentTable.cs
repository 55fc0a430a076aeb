using MintFonds.Core.Payments;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payments;

/// <summary>
/// Ledger table, payment rows: PartitionKey = fund id, RowKey = "payment-" + id (derived from the bank reference). Two
/// kinds of index row, written in the same transaction as the payment, let lists and timers read what they need and not
/// every payment ever booked: <c>unmatched-{id}</c> while a payment waits for the office to assign it, and
/// <c>collective-{year}-{id}</c> for a donation whose sponsor asked for a yearly collective receipt.
/// </summary>
public sealed class PaymentTable(StorageAccount storage) : DocumentTable<Payment>(storage.Table(TableNames.Ledger))
{
    public const string RowKeyPrefix = "payment-";

    public const string UnmatchedPrefix = "unmatched-";

    public static string RowKey(string paymentId) => RowKeyPrefix + paymentId;

    public static string UnmatchedKey(string paymentId) => UnmatchedPrefix + paymentId;

    public static string CollectivePrefix(int year) => $"collective-{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}-";

    /// <summary>The index rows of payments still unmatched, as a row-key range.</summary>
    public static string UnmatchedRange(string fundId) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {fundId} and RowKey ge {UnmatchedPrefix} and RowKey lt {"unmatched."}");

    /// <summary>The index rows of a year's donations for collective receipts, as a row-key range.</summary>
    public static string CollectiveRange(string fundId, int year) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {fundId} and RowKey ge {CollectivePrefix(year)} and RowKey lt {CollectivePrefix(year).TrimEnd('-') + "."}");

    /// <summary>The index rows a payment in its current state needs (none for one matched to a receipt per payment).</summary>
    public static IEnumerable<Azure.Data.Tables.TableEntity> IndexRows(Payment payment)
    {
        if (payment.Match is not { } match)
        {
            yield return new Azure.Data.Tables.TableEntity(payment.FundId, UnmatchedKey(payment.Id)) { ["PaymentId"] = payment.Id };
        }
        else if (match.Kind == Core.Pledges.PledgeKind.Donation && match.ReceiptPreference == Core.Pledges.ReceiptPreference.CollectiveYearly)
        {
            yield return new Azure.Data.Tables.TableEntity(payment.FundId, CollectivePrefix(payment.ValueDate.Year) + payment.Id)
            {
                ["PaymentId"] = payment.Id,
                ["SponsorId"] = match.SponsorId,
            };
        }
    }

    /// <summary>The payments an index range names, read one by one (a list of index rows is short: a year's, or the open ones).</summary>
    public async Task<List<Payment>> ByIndexAsync(string fundId, string range, CancellationToken cancellationToken)
    {
        var found = new List<Payment>();
        await foreach (var row in Table.QueryAsync<Azure.Data.Tables.TableEntity>(range, cancellationToken: cancellationToken))
        {
            if (await GetAsync(fundId, RowKey(row.GetString("PaymentId")), cancellationToken) is { } payment)
            {
                found.Add(payment.Value);
            }
        }

        return found;
    }

    public Azure.Data.Tables.TableClient Client => Table;

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(Payment document) =>
    [
        new("Status", document.IsMatched ? "Matched" : "Unmatched"),
        new("AmountCents", document.Amount.Cents),
        new("ValueDate", document.ValueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        new("Kind", document.Match?.Kind.ToString()),
        new("SponsorId", document.Match?.SponsorId),
        new("PledgeReference", document.Match?.PledgeReference),
    ];

    /// <summary>The entity a transaction writes for a payment (same shape as the document rows).</summary>
    public Azure.Data.Tables.TableEntity Entity(Payment payment, Azure.ETag etag = default)
    {
        var entity = ToEntity(payment.FundId, RowKey(payment.Id), payment);
        entity.ETag = etag;
        return entity;
    }
}
