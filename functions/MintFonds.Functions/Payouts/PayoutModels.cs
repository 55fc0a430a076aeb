using MintFonds.Core.Money;

namespace MintFonds.Functions.Payouts;

public enum PayoutState
{
    /// <summary>In a payout file handed to the bank; not yet seen on a statement.</summary>
    Exported,

    /// <summary>The statement shows the debit: the money left the fund's account (value date in <see cref="GrantPayout.PaidOn"/>).</summary>
    Paid,

    /// <summary>The transfer came back (<c>RtrInf</c>); the grant is due for payout again.</summary>
    Returned,

    /// <summary>The office cancelled the file before the bank confirmed it; the grant is due for payout again.</summary>
    Cancelled,
}

/// <summary>One transfer of a grant through a payout file (kept in the grant's <c>decision-</c> row).</summary>
public sealed record GrantPayout(
    string EndToEndId,
    string ExportId,
    Euro Amount,
    PayoutState State,
    DateTimeOffset ExportedAt,
    DateOnly? PaidOn = null,
    string? ReturnReason = null,
    DateTimeOffset? ChangedAt = null);

public enum ExportState
{
    /// <summary>Claimed; grants are being marked (a file with more grants than one transaction takes).</summary>
    Preparing,

    /// <summary>Every grant marked and the file stored.</summary>
    Exported,

    Cancelled,
}

/// <summary>
/// One payout file (<c>export-{exportId}</c>). <see cref="Items"/> are "endToEndId cents" pairs: compact, so 1,000
/// transfers fit one table row.
/// </summary>
public sealed record PayoutExport
{
    public required string FundId { get; init; }

    public required string ExportId { get; init; }

    public required ExportState State { get; init; }

    /// <summary>Hash of the request that made it, so the same Idempotency-Key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    public required DateOnly ExecutionDate { get; init; }

    public required IReadOnlyList<string> Items { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public string? BlobName { get; init; }

    public string? CancelReason { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public string? CancelledBy { get; init; }

    public static string Item(string endToEndId, Euro amount) => $"{endToEndId} {amount.Cents.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static (string EndToEndId, Euro Amount) Parse(string item)
    {
        var space = item.IndexOf(' ', StringComparison.Ordinal);
        return (item[..space], new Euro(long.Parse(item.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Euro ControlSum => Items.Aggregate(Euro.Zero, (sum, item) => sum + Parse(item).Amount);

    public string MessageId => "MINTFONDS-" + ExportId;
}

public sealed record PayoutExportInput
{
    /// <summary>The grants to pay; null or empty together with <see cref="AllDue"/> = every grant due.</summary>
    public IReadOnlyList<string>? References { get; init; }

    public bool? AllDue { get; init; }

    /// <summary>Requested execution date; default: the next bank working day.</summary>
    public DateOnly? ExecutionDate { get; init; }
}

public sealed record PayoutExportCancelInput
{
    public string? Reason { get; init; }
}

public sealed record ExportedTransfer(string Reference, string EndToEndId, Euro Amount, string State);

/// <summary>What the office sees of a payout file.</summary>
public sealed record PayoutExportView(
    string ExportId,
    string State,
    string MessageId,
    DateOnly ExecutionDate,
    int NumberOfTransactions,
    Euro ControlSum,
    DateTimeOffset CreatedAt,
    string? FileUrl,
    IReadOnlyList<ExportedTransfer> Transfers,
    string? CancelReason);
