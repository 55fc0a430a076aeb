using Azure;
using Azure.Data.Tables;

namespace MintFonds.Functions.Storage;

/// <summary>
/// Which action of a table transaction failed and how. Storage runs the actions in order and stops at the first that
/// fails, so the index tells a replay (the marker's insert), a moved counter, a changed rule set (the rules gate) and a
/// taken yearly slot apart, and each is answered with the one step it needs instead of reading everything again.
/// </summary>
public sealed record TransactionFailure(int? Index, int Status)
{
    public static TransactionFailure Of(RequestFailedException exception) =>
        new((exception as TableTransactionFailedException)?.FailedTransactionActionIndex, exception.Status);

    /// <summary>A conflict with what is stored (an existing row, a changed ETag, a row gone), not an outage or a bad request.</summary>
    public static bool IsConflict(RequestFailedException exception) => exception.Status is 404 or 409 or 412;

    public bool At(int? index) => index is not null && Index == index;
}
