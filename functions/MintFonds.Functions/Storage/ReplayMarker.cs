using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Validation;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Storage;

/// <summary>What a marker found in storage says about the submission at hand.</summary>
public enum ReplayMatch
{
    /// <summary>No marker: a new submission.</summary>
    None,

    /// <summary>Written by this very request: its own commit, whose answer was lost and retried by the SDK.</summary>
    Mine,

    /// <summary>An earlier submission this one repeats: answer with what that one created.</summary>
    Earlier,

    /// <summary>A body marker older than the window: this is a new submission and may replace it.</summary>
    Expired,
}

/// <summary>
/// How a public submission recognises that it was sent before: with an Idempotency-Key, the key (and the exact body,
/// which must not differ); without one, the exact body within a short window (a double click). The marker row is
/// inserted in the same transaction as what the submission creates, so "created" and "recognisable" are one step, and
/// nobody reads it first: the transaction's insert fails on an existing marker (<see cref="AddTo"/> returns the index
/// to look for), and only then is it read and <see cref="Classify">classified</see>. A submission id in the row tells
/// this request's own commit (its answer lost, the SDK's retry refused) from an earlier one. Row keys are hashes: the
/// key and the body themselves are never stored.
/// </summary>
public sealed record ReplayMarker(string RowKey, bool IsKeyed, string RequestHash, string SubmissionId)
{
    /// <param name="scope">What the marker is unique within, besides the partition (e.g. the call id).</param>
    /// <param name="body">The exact request bytes.</param>
    /// <param name="idempotencyKey">The client's Idempotency-Key, if it sent one.</param>
    public static ReplayMarker For(string scope, byte[] body, string? idempotencyKey)
    {
        var scoped = Encoding.UTF8.GetBytes(scope + "|");
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var submission = Guid.NewGuid().ToString("N");
        return idempotencyKey is null
            ? new ReplayMarker("dup-" + Hash("dup", [.. scoped, .. body]), IsKeyed: false, requestHash, submission)
            : new ReplayMarker("idem-" + Hash("idem", [.. scoped, .. Encoding.UTF8.GetBytes(idempotencyKey)]), IsKeyed: true, requestHash, submission);
    }

    /// <summary>The marker row, pointing at what the first submission created.</summary>
    public TableEntity Entity(string partitionKey, string reference, DateTimeOffset createdAt) => new(partitionKey, RowKey)
    {
        ["Reference"] = reference,
        ["RequestHash"] = RequestHash,
        ["CreatedAt"] = createdAt,
        ["SubmissionId"] = SubmissionId,
    };

    /// <summary>
    /// Adds the marker to a transaction: inserted (failing on any existing marker), or, over an expired body marker read
    /// before, replaced only if that one is unchanged.
    /// </summary>
    /// <returns>The index of the action, to recognise a failure caused by an existing marker.</returns>
    public int AddTo(PartitionBatch batch, TableEntity marker, ETag expired = default)
    {
        var index = batch.Count;
        if (expired == default)
        {
            batch.Add(marker);
        }
        else
        {
            marker.ETag = expired;
            batch.ReplaceIfUnchanged(marker);
        }

        return index;
    }

    public async Task<TableEntity?> ReadAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// What <paramref name="marker"/> means for this submission. The same key with another body is refused (422, naming
    /// the header); a body marker older than <paramref name="window"/> no longer counts.
    /// </summary>
    public ReplayMatch Classify(TableEntity? marker, DateTimeOffset now, TimeSpan window, string reusedKeyMessage)
    {
        if (marker is null)
        {
            return ReplayMatch.None;
        }

        if (marker.GetString("SubmissionId") == SubmissionId)
        {
            return ReplayMatch.Mine;
        }

        if (IsKeyed && marker.GetString("RequestHash") != RequestHash)
        {
            throw new ProblemException(Problems.Validation([new FieldError("Idempotency-Key", reusedKeyMessage)]));
        }

        return !IsKeyed && now - marker.GetDateTimeOffset("CreatedAt") > window ? ReplayMatch.Expired : ReplayMatch.Earlier;
    }

    private static string Hash(string purpose, byte[] material) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(purpose + "|"), .. material]));
}
