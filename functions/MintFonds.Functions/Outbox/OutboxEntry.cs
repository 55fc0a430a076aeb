using Azure.Data.Tables;

namespace MintFonds.Functions.Outbox;

/// <summary>
/// A queue message written in the same table transaction as the state change that causes it (transactional outbox).
/// It is relayed to its queue right after the transaction, and by <see cref="OutboxRelayFunctions"/> if that was
/// interrupted; consumers are idempotent, so a message relayed twice does no harm, and none is ever lost.
/// </summary>
public static class OutboxEntry
{
    public const string RowKeyPrefix = "outbox-";

    // '-' + 1: the first key after every "outbox-..." key, for a range query.
    public const string RowKeyEnd = "outbox.";

    public static TableEntity Create(string partitionKey, string id, string queue, string message, DateTimeOffset createdAt) =>
        new(partitionKey, RowKeyPrefix + id)
        {
            ["Queue"] = queue,
            ["Message"] = message,
            ["CreatedAt"] = createdAt,
        };

    /// <summary>All outbox rows of a table, across partitions.</summary>
    public static string RangeFilter() => TableClient.CreateQueryFilter($"RowKey ge {RowKeyPrefix} and RowKey lt {RowKeyEnd}");
}
