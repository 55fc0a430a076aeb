using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Abuse;

/// <summary>
/// The key that signs form challenges, shared by every instance through storage: one row in the Counters table
/// (PartitionKey "keys", RowKey "form-challenge-v1"), made by whichever instance needs it first. Consistency: insert a
/// fresh random key; if that answers 409 (another instance was first, or the SDK's retry of our own insert whose
/// answer was lost), read back what is stored and use that, so all instances sign with the same key. No deployment
/// secret is needed, and the key is never in settings, logs or answers. Each instance keeps the key it loaded until it
/// stops: to rotate it, delete the row and restart the app (challenges already handed out then get 400, and the form
/// is reloaded).
/// </summary>
public sealed class ChallengeKey(StorageAccount storage)
{
    private const string Partition = "keys";
    private const string Row = "form-challenge-v1";
    private const string KeyColumn = "Key";

    private readonly TableClient _table = storage.Table(TableNames.Counters);
    private Task<byte[]>? _loading;

    public Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _loading);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            // One load for all callers; a failed one (storage unreachable) is tried again by the next caller.
            Interlocked.CompareExchange(ref _loading, LoadAsync(), current);
            current = Volatile.Read(ref _loading)!;
        }

        return current.WaitAsync(cancellationToken);
    }

    private async Task<byte[]> LoadAsync()
    {
        var stored = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, [KeyColumn], CancellationToken.None);
        if (!stored.HasValue)
        {
            try
            {
                await _table.AddEntityAsync(
                    new TableEntity(Partition, Row) { [KeyColumn] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, CancellationToken.None);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Someone's key is stored (perhaps our own, its answer lost): the stored one is the key.
            }

            stored = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, [KeyColumn], CancellationToken.None);
        }

        return Convert.FromBase64String(stored.Value!.GetString(KeyColumn));
    }
}
