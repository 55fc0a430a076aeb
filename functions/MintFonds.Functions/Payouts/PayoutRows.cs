using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// The payouts capability's rows, all in the fund's Ledger partition next to the <c>decision-</c> rows they belong to,
/// so that a grant's change and its index rows commit in one transaction:
/// <list type="bullet">
/// <item><c>payable-{reference}</c>: an approved grant that is due for a payout file (written with the approval,
/// removed when exported, written again when an export is cancelled or a transfer comes back). "All due" reads this
/// range; the decision row stays the truth (a stale hint is checked and dropped).</item>
/// <item><c>export-{exportId}</c>: one payout file (<see cref="PayoutExport"/>).</item>
/// <item><c>stmt-{hash}</c>: one bank-statement transaction already taken into account, keyed by the bank's
/// reference (<c>AcctSvcrRef</c>, else a hash of the entry); inserted in the transaction of the payment or booking
/// it causes, so an entry imported twice is recognised and changes nothing.</item>
/// <item><c>use-{reference}</c>: the grant's proof of use (<see cref="ProofOfUse"/>), with the participants reached
/// per education stage.</item>
/// <item><c>usedue-{yyyyMMdd}-{reference}</c>: a proof of use still outstanding, keyed by its due date; the reminder
/// timer and the office's overdue list read the range up to a date. Removed when the proof arrives.</item>
/// <item><c>upload-{uploadId}</c>: a claim naming the blobs of a proof-of-use upload before they are written; removed
/// in the transaction that adds them to the <c>use-</c> row, swept with its blobs if that never happened.</item>
/// </list>
/// </summary>
public static class PayoutRows
{
    public const string PayablePrefix = "payable-";
    public const string ExportPrefix = "export-";
    public const string StatementPrefix = "stmt-";
    public const string UsePrefix = "use-";
    public const string UseDuePrefix = "usedue-";
    public const string UploadPrefix = "upload-";

    public static string PayableKey(string reference) => PayablePrefix + reference;

    public static TableEntity PayableEntity(string fundId, string reference) => new(fundId, PayableKey(reference)) { ["Reference"] = reference };

    public static string ExportKey(string exportId) => ExportPrefix + exportId;

    /// <summary>The key of a statement transaction: a hash, so any bank reference fits a row key.</summary>
    public static string StatementKey(string fundId, string transactionKey) =>
        StatementPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fundId + "\n" + transactionKey)))[..40];

    public static string UseKey(string reference) => UsePrefix + reference;

    public static string UseDueKey(DateOnly dueOn, string reference) =>
        $"{UseDuePrefix}{dueOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{reference}";

    public static TableEntity UseDueEntity(string fundId, DateOnly dueOn, string reference) => new(fundId, UseDueKey(dueOn, reference))
    {
        ["Reference"] = reference,
        ["DueOn"] = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>The outstanding proofs due on or before <paramref name="until"/>: a key range, never the whole partition.</summary>
    public static string UseDueUntil(string fundId, DateOnly until) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {fundId} and RowKey ge {UseDuePrefix} and RowKey lt {UseDuePrefix + until.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");

    public static string UploadKey(string uploadId) => UploadPrefix + uploadId;

    /// <summary>The end-to-end id of a grant's n-th payout transfer: the reference stays readable in the bank's statement.</summary>
    public static string EndToEndId(string reference, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{reference}-A{attempt}");

    /// <summary>The grant reference an end-to-end id of ours names, or null for any other id.</summary>
    public static string? ReferenceOf(string? endToEndId)
    {
        if (endToEndId is null)
        {
            return null;
        }

        var cut = endToEndId.LastIndexOf("-A", StringComparison.Ordinal);
        if (cut <= 0 || !int.TryParse(endToEndId.AsSpan(cut + 2), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var reference = endToEndId[..cut];
        return Core.Applications.ApplicationReference.IsWellFormed(reference) ? reference : null;
    }
}
