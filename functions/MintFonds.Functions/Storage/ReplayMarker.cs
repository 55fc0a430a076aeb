using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using MintFonds.Core.Validation;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Storage;

/// <summary>
/// How a public submission recognises that it was sent before: with an Idempotency-Key, the key (and the exact body,
/// which must not differ); without one, the exact body within a short window (a double click). The marker row is
/// written in the same transaction as what the submission creates, so "created" and "recognisable" are one step.
/// Row keys are hashes: the key and the body themselves are never stored.
/// </summary>
public sealed record ReplayMarker(string RowKey, bool IsKeyed, string RequestHash)
{
    /// <param name="scope">What the marker is unique within, besides the partition (e.g. the call id).</param>
    /// <param name="body">The exact request bytes.</param>
    /// <param name="idempotencyKey">The client's Idempotency-Key, if it sent one.</param>
    public static ReplayMarker For(string scope, byte[] body, string? idempotencyKey)
    {
        var scoped = Encoding.UTF8.GetBytes(scope + "|");
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(body));
        return idempotencyKey is null
            ? new ReplayMarker("dup-" + Hash("dup", [.. scoped, .. body]), IsKeyed: false, requestHash)
            : new ReplayMarker("idem-" + Hash("idem", [.. scoped, .. Encoding.UTF8.GetBytes(idempotencyKey)]), IsKeyed: true, requestHash);
    }

    /// <summary>The marker row, pointing at what the first submission created.</summary>
    public TableEntity Entity(string partitionKey, string reference, DateTimeOffset createdAt) => new(partitionKey, RowKey)
    {
        ["Reference"] = reference,
        ["RequestHash"] = RequestHash,
        ["CreatedAt"] = createdAt,
    };

    /// <summary>Adds the marker to a transaction: a keyed marker must be new; a body marker replaces an expired one.</summary>
    public void AddTo(PartitionBatch batch, TableEntity marker)
    {
        if (IsKeyed)
        {
            batch.Add(marker);
        }
        else
        {
            batch.Upsert(marker);
        }
    }

    /// <summary>
    /// The marker of an earlier submission this one repeats, or null. The same key with another body is refused (422,
    /// naming the header); a body marker older than <paramref name="window"/> no longer counts.
    /// </summary>
    public async Task<TableEntity?> FindAsync(
        TableClient table, string partitionKey, DateTimeOffset now, TimeSpan window, string reusedKeyMessage, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var marker = response.Value!;
        if (IsKeyed && marker.GetString("RequestHash") != RequestHash)
        {
            throw new ProblemException(Problems.Validation([new FieldError("Idempotency-Key", reusedKeyMessage)]));
        }

        return !IsKeyed && now - marker.GetDateTimeOffset("CreatedAt") > window ? null : marker;
    }

    private static string Hash(string purpose, byte[] material) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(purpose + "|"), .. material]));
}
