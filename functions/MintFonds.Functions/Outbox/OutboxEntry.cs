using Azure.Data.Tables;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Outbox;

/// <summary>
/// A queue message written in the same table transaction as the state change that causes it (transactional outbox).
/// It is relayed to its queue right after the transaction, and by <see cref="OutboxRelayFunctions"/> if that was
/// interrupted; consumers are idempotent, so a message relayed twice does no harm, and none is ever lost. Rows live in
/// the partition of the state they belong to, under <c>outbox-…</c> row keys, so pending rows are one row-key range
/// per partition and the relay reads them alone.
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

    /// <summary>
    /// The e-mail jobs of one state change as one outbox row (one queue message, see <see cref="NotificationBatch"/>),
    /// or one row per job (<c>{id}-{n}</c>) in the rare case they would not fit one message together.
    /// </summary>
    public static IReadOnlyList<TableEntity> ForNotifications(string partitionKey, string id, IReadOnlyList<NotificationMessage> messages, DateTimeOffset createdAt)
    {
        var together = NotificationBatch.Serialize(messages);
        return messages.Count == 1 || NotificationBatch.Fits(together)
            ? [Create(partitionKey, id, QueueNames.Notifications, together, createdAt)]
            : [.. messages.Select((message, index) => Create(partitionKey, $"{id}-{index}", QueueNames.Notifications, NotificationBatch.Serialize([message]), createdAt))];
    }

    /// <summary>The outbox rows of one partition: a row-key range, so storage reads the pending rows and nothing else.</summary>
    public static string PendingFilter(string partitionKey) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeyPrefix} and RowKey lt {RowKeyEnd}");

    /// <summary>The outbox rows written for <paramref name="id"/> (see <see cref="ForNotifications"/>): <c>outbox-{id}</c> and <c>outbox-{id}-…</c>.</summary>
    public static string PendingFilter(string partitionKey, string id) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeyPrefix + id} and RowKey lt {RowKeyPrefix + id + "."}");
}
