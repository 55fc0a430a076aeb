using Azure;
using Azure.Data.Tables;

namespace MintFonds.Functions.Storage;

/// <summary>
/// An entity group transaction that refuses to span partitions before it is sent. Azure rejects such a batch, but
/// Azurite wrongly accepts it, so without this check a test could pass on something production refuses.
/// </summary>
public sealed class PartitionBatch(string partitionKey)
{
    public const int MaxActions = 100;

    private readonly List<TableTransactionAction> _actions = [];

    public IReadOnlyList<TableTransactionAction> Actions => _actions;

    /// <summary>The index the next action will have; transaction failures name the failing action by its index.</summary>
    public int Count => _actions.Count;

    public PartitionBatch Add(ITableEntity entity) => Push(TableTransactionActionType.Add, entity);

    /// <summary>Replaces the row only if it still has the ETag the entity carries.</summary>
    public PartitionBatch ReplaceIfUnchanged(ITableEntity entity) =>
        Push(TableTransactionActionType.UpdateReplace, entity, entity.ETag);

    /// <summary>
    /// Sets a counter row to <paramref name="value"/>: inserted if it did not exist when read (<paramref name="current"/>
    /// null), else replaced only if unchanged since. Either way a concurrent writer makes the whole transaction fail.
    /// </summary>
    public PartitionBatch SetCounter(string rowKey, TableEntity? current, long value)
    {
        var counter = new TableEntity(partitionKey, rowKey) { [CounterValueColumn] = value, ETag = current?.ETag ?? default };
        return current is null ? Add(counter) : ReplaceIfUnchanged(counter);
    }

    public const string CounterValueColumn = "Value";

    /// <summary>The value of a counter row read earlier; 0 when there is none yet.</summary>
    public static long CounterValue(TableEntity? counter) => counter?.GetInt64(CounterValueColumn) ?? 0;

    public PartitionBatch Upsert(ITableEntity entity) => Push(TableTransactionActionType.UpsertReplace, entity);

    /// <summary>
    /// Merges nothing into an existing row: the transaction fails (404) if the row is gone. A check that costs no
    /// contention: concurrent transactions touching the same row never fail each other (no ETag), only its removal does.
    /// </summary>
    public PartitionBatch Touch(string rowKey) =>
        Push(TableTransactionActionType.UpdateMerge, new TableEntity(partitionKey, rowKey), ETag.All);

    public PartitionBatch Delete(ITableEntity entity) => Push(TableTransactionActionType.Delete, entity, entity.ETag);

    /// <returns>The answer to each action, in order (e.g. the new ETag of a counter row).</returns>
    public async Task<IReadOnlyList<Response>> SubmitAsync(TableClient table, CancellationToken cancellationToken) =>
        (await table.SubmitTransactionAsync(_actions, cancellationToken)).Value;

    private PartitionBatch Push(TableTransactionActionType type, ITableEntity entity, ETag etag = default)
    {
        if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"A table transaction spans one partition only: '{entity.PartitionKey}' is not '{partitionKey}'.");
        }

        if (_actions.Count == MaxActions)
        {
            throw new InvalidOperationException($"A table transaction holds at most {MaxActions} actions.");
        }

        _actions.Add(etag == default ? new TableTransactionAction(type, entity) : new TableTransactionAction(type, entity, etag));
        return this;
    }
}
