using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Json;

namespace MintFonds.Functions.Storage;

/// <summary>
/// Stores one kind of document per table row: the whole document as JSON in <c>Json</c>, plus a few plain columns
/// (<see cref="ColumnsOf"/>) that queries filter on and that a person browsing the table can read.
/// Inserts fail on an existing row and updates on a stale ETag, both reported as <see cref="StorageConflictException"/> —
/// except when the row carries this very write's id (<c>WriteId</c>, new for every write): then the write was ours,
/// committed while its answer was lost (the SDK's retry of our own insert answers 409, of our own update 412), and it
/// counts as done. An identical document written by someone else is still a conflict.
/// </summary>
public abstract class DocumentTable<T>(TableClient table)
    where T : class
{
    private const string JsonColumn = "Json";
    private const string SchemaColumn = "SchemaVersion";
    private const string WriteIdColumn = "WriteId";

    /// <summary>Raised when a stored document's shape changes incompatibly; readers can then migrate old rows.</summary>
    protected virtual int SchemaVersion => 1;

    protected TableClient Table { get; } = table;

    /// <summary>Plain columns written next to the JSON, for filters and for people reading the table.</summary>
    protected virtual IEnumerable<KeyValuePair<string, object?>> ColumnsOf(T document) => [];

    public async Task<Stored<T>?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, [JsonColumn], cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    public async Task<Stored<T>> AddAsync(string partitionKey, string rowKey, T document, CancellationToken cancellationToken)
    {
        var entity = ToEntity(partitionKey, rowKey, document);
        try
        {
            var response = await Table.AddEntityAsync(entity, cancellationToken);
            return new Stored<T>(document, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await IfOursAsync(entity, document, cancellationToken) ?? throw new StorageConflictException(ConflictKind.AlreadyExists, ex);
        }
    }

    public async Task<Stored<T>> ReplaceAsync(string partitionKey, string rowKey, T document, ETag ifMatch, CancellationToken cancellationToken)
    {
        var entity = ToEntity(partitionKey, rowKey, document);
        try
        {
            var response = await Table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken);
            return new Stored<T>(document, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return await IfOursAsync(entity, document, cancellationToken) ?? throw new StorageConflictException(ConflictKind.Stale, ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted since it was read: for the caller that is a stale read as well.
            throw new StorageConflictException(ConflictKind.Stale, ex);
        }
    }

    /// <summary>Writes the row whatever its current state; for records where the last explicit write is the truth.</summary>
    public async Task<Stored<T>> UpsertAsync(string partitionKey, string rowKey, T document, CancellationToken cancellationToken)
    {
        var response = await Table.UpsertEntityAsync(ToEntity(partitionKey, rowKey, document), TableUpdateMode.Replace, cancellationToken);
        return new Stored<T>(document, response.Headers.ETag ?? default);
    }

    /// <summary>Deletes the row if it is there; returns whether it was.</summary>
    public async Task<bool> DeleteIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK answers a missing row with a 404 response rather than an exception.
            var response = await Table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(partitionKey, rowKey, ifMatch, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new StorageConflictException(ConflictKind.Stale, ex);
        }
    }

    /// <summary>All documents of one partition, optionally filtered on plain columns (an OData filter).</summary>
    public async IAsyncEnumerable<Stored<T>> QueryPartitionAsync(
        string partitionKey,
        string? filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}") + (filter is null ? string.Empty : $" and ({filter})");
        await foreach (var entity in Table.QueryAsync<TableEntity>(query, select: [JsonColumn], cancellationToken: cancellationToken))
        {
            yield return ToStored(entity);
        }
    }

    /// <summary>After a 409/412: the stored row, if it carries the id of the write we just made (so the write was ours).</summary>
    private async Task<Stored<T>?> IfOursAsync(TableEntity written, T document, CancellationToken cancellationToken)
    {
        var stored = await Table.GetEntityIfExistsAsync<TableEntity>(written.PartitionKey, written.RowKey, [WriteIdColumn], cancellationToken);
        return stored.HasValue && stored.Value!.GetString(WriteIdColumn) == written.GetString(WriteIdColumn)
            ? new Stored<T>(document, stored.Value.ETag)
            : null;
    }

    /// <summary>
    /// One page of a query (an OData filter) of at most <paramref name="pageSize"/> documents, resumed where the
    /// service's <paramref name="continuationToken"/> says. A page may hold fewer documents (even none) while more
    /// follow: the returned token is null only when the query is complete.
    /// </summary>
    protected async Task<(IReadOnlyList<Stored<T>> Documents, string? ContinuationToken)> QueryPageAsync(
        string filter, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var pages = Table.QueryAsync<TableEntity>(filter, pageSize, [JsonColumn], cancellationToken).AsPages(continuationToken, pageSize);
        await foreach (var page in pages)
        {
            return ([.. page.Values.Select(ToStored)], string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>The row for a document, for callers that write it inside a table transaction.</summary>
    protected TableEntity ToEntity(string partitionKey, string rowKey, T document)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [JsonColumn] = JsonSerializer.Serialize(document, MintFondsJson.Storage),
            [SchemaColumn] = SchemaVersion,
            [WriteIdColumn] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (name, value) in ColumnsOf(document))
        {
            entity[name] = value;
        }

        return entity;
    }

    /// <summary>Reads a row written by <see cref="ToEntity"/>.</summary>
    public static Stored<T> ToStored(TableEntity entity)
    {
        var json = entity.GetString(JsonColumn) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no document.");
        var document = JsonSerializer.Deserialize<T>(json, MintFondsJson.Storage)
            ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds null.");
        return new Stored<T>(document, entity.ETag);
    }
}
