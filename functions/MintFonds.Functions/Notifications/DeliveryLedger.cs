using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Notifications;

/// <summary>What the ledger says about sending one message key now.</summary>
public enum ClaimKind
{
    /// <summary>This caller may send; it holds the claim (and its ETag).</summary>
    Claimed,

    /// <summary>Sent before: nothing to do.</summary>
    AlreadySent,

    /// <summary>Refused for good before: nothing to do (the office was alerted then).</summary>
    AlreadyFailed,

    /// <summary>Another instance is sending right now: try again later, never drop the message.</summary>
    Busy,
}

public sealed record Claim(ClaimKind Kind, ETag ETag, int Attempts);

/// <summary>
/// One row per e-mail (Notifications table, PartitionKey = SHA-256 of the message key, RowKey "delivery") that makes
/// sending exactly-once under at-least-once delivery: claim before sending (an insert or an ETag-guarded update, so
/// two instances cannot both claim), record the result after. A crash between claim and send is healed when the claim's
/// lease runs out and a redelivery takes over. The one window that can duplicate is a crash after the provider accepted
/// the e-mail and before "sent" is recorded: then the redelivery after the lease sends it once more. Worst case: one
/// extra copy per such crash; never a lost e-mail.
/// </summary>
public sealed class DeliveryLedger(StorageAccount storage, TimeProvider time)
{
    public const string RowKey = "delivery";

    /// <summary>Longer than a function may run (host.json functionTimeout), so a live sender is never overtaken.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private readonly TableClient _table = storage.Table(TableNames.Notifications);

    public static string PartitionFor(string messageKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageKey)));

    public async Task<Claim> ClaimAsync(string messageKey, string fundId, string template, CancellationToken cancellationToken)
    {
        var partition = PartitionFor(messageKey);
        var now = time.GetUtcNow();
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            var row = new TableEntity(partition, RowKey)
            {
                ["MessageKey"] = messageKey, ["FundId"] = fundId, ["Template"] = template, ["State"] = "Sending", ["ClaimedAt"] = now, ["Attempts"] = 1,
            };
            try
            {
                var added = await _table.AddEntityAsync(row, cancellationToken);
                return new Claim(ClaimKind.Claimed, added.Headers.ETag ?? default, 1);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return new Claim(ClaimKind.Busy, default, 0);
            }
        }

        var current = existing.Value!;
        var state = current.GetString("State");
        var attempts = current.GetInt32("Attempts") ?? 0;
        switch (state)
        {
            case "Sent":
                return new Claim(ClaimKind.AlreadySent, current.ETag, attempts);
            case "Failed":
                return new Claim(ClaimKind.AlreadyFailed, current.ETag, attempts);
            case "Sending" when now - current.GetDateTimeOffset("ClaimedAt") < Lease:
                return new Claim(ClaimKind.Busy, current.ETag, attempts);
        }

        // Released after a transient failure, or a claim whose holder died: take it over, guarded by the ETag.
        current["State"] = "Sending";
        current["ClaimedAt"] = now;
        current["Attempts"] = attempts + 1;
        try
        {
            var updated = await _table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return new Claim(ClaimKind.Claimed, updated.Headers.ETag ?? default, attempts + 1);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return new Claim(ClaimKind.Busy, default, 0);
        }
    }

    public Task MarkSentAsync(string messageKey, Claim claim, string transport, string? providerMessageId, CancellationToken cancellationToken) =>
        UpdateAsync(messageKey, claim, "Sent", cancellationToken, ("SentAt", time.GetUtcNow()), ("Transport", transport), ("ProviderMessageId", providerMessageId), ("Reason", null));

    public Task MarkFailedAsync(string messageKey, Claim claim, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(messageKey, claim, "Failed", cancellationToken, ("FailedAt", time.GetUtcNow()), ("Reason", reason));

    /// <summary>Gives the claim back after a transient failure, so the queue's next delivery can claim at once.</summary>
    public Task ReleaseAsync(string messageKey, Claim claim, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(messageKey, claim, "Released", cancellationToken, ("Reason", reason));

    /// <summary>Forgets a message key, so that an explicit resend by the office sends it again.</summary>
    public async Task ForgetAsync(string messageKey, CancellationToken cancellationToken) =>
        await _table.DeleteEntityAsync(PartitionFor(messageKey), RowKey, ETag.All, cancellationToken);

    public async Task<TableEntity?> GetAsync(string messageKey, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(messageKey), RowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private async Task UpdateAsync(string messageKey, Claim claim, string state, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        var row = new TableEntity(PartitionFor(messageKey), RowKey) { ["State"] = state };
        foreach (var (name, value) in values)
        {
            row[name] = value;
        }

        // Merge keeps MessageKey, Attempts and the rest; the ETag makes sure the claim is still ours.
        await _table.UpdateEntityAsync(row, claim.ETag, TableUpdateMode.Merge, cancellationToken);
    }
}
