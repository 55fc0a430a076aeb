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

/// <param name="Kind">What the ledger says.</param>
/// <param name="ETag">The row's version while this caller holds the claim.</param>
/// <param name="Attempts">How many claims were made on this key so far.</param>
/// <param name="Id">A random id written with the claim: it tells our own write from another instance's after a 409/412.</param>
/// <param name="RetryAfter">For <see cref="ClaimKind.Busy"/>: when the holder's lease runs out.</param>
public sealed record Claim(ClaimKind Kind, ETag ETag, int Attempts, string? Id = null, TimeSpan? RetryAfter = null);

/// <summary>
/// One row per e-mail (Notifications table, PartitionKey = SHA-256 of the message key, RowKey "delivery") that makes
/// sending exactly-once under at-least-once delivery: claim before sending (an insert or an ETag-guarded update, so
/// two instances cannot both claim), record the result after. A crash between claim and send is healed when the claim's
/// lease runs out and a redelivery takes over. The one window that can duplicate is a crash after the provider accepted
/// the e-mail and before "sent" is recorded: then the redelivery after the lease sends it once more. Worst case: one
/// extra copy per such crash; never a lost e-mail.
/// Every claim carries a random claim id: when the SDK retries our own insert (409) or takeover (412) whose answer
/// was lost, the row read back carries our id, and the claim is ours — not "busy". Result updates are merges guarded by
/// the claim's ETag; their own retried 412 is recognised the same way.
/// The lease is sized against the queue's retries (host.json: 5 deliveries, one minute apart): a live sender needs at
/// most the SendGrid time-out and a few storage calls, and a crashed holder's claim runs out in time for a later
/// delivery of the same message to take over, so a crash heals without a person and nothing is dead-lettered before a
/// send was tried.
/// </summary>
public sealed class DeliveryLedger(StorageAccount storage, TimeProvider time)
{
    public const string RowKey = "delivery";

    /// <summary>
    /// Longer than one send can take (compose + SendGrid time-out of 30 s + storage calls), shorter than the queue's
    /// retry span (4 minutes between the first and the fifth delivery), so a crashed claim is taken over in time.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>A claim holder gives up composing and sending after this, well inside its lease, so no live sender is overtaken.</summary>
    public static readonly TimeSpan SendDeadline = Lease - TimeSpan.FromSeconds(30);

    private readonly TableClient _table = storage.Table(TableNames.Notifications);

    public static string PartitionFor(string messageKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageKey)));

    public async Task<Claim> ClaimAsync(string messageKey, string fundId, string template, CancellationToken cancellationToken)
    {
        var partition = PartitionFor(messageKey);
        var now = time.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            var row = new TableEntity(partition, RowKey)
            {
                ["MessageKey"] = messageKey, ["FundId"] = fundId, ["Template"] = template, ["State"] = "Sending", ["ClaimedAt"] = now, ["Attempts"] = 1,
                ["ClaimId"] = claimId,
            };
            try
            {
                var added = await _table.AddEntityAsync(row, cancellationToken);
                return new Claim(ClaimKind.Claimed, added.Headers.ETag ?? default, 1, claimId);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Ours (the SDK retried an insert that had committed) or another instance's: the row tells.
                return await ReadBackAsync(partition, claimId, now, cancellationToken);
            }
        }

        return await TakeOverOrReportAsync(existing.Value!, claimId, now, cancellationToken);
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

    private async Task<Claim> ReadBackAsync(string partition, string claimId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            // Forgotten (an office resend) between the two calls: the next delivery starts afresh.
            return new Claim(ClaimKind.Busy, default, 0, RetryAfter: TimeSpan.Zero);
        }

        var current = row.Value!;
        return current.GetString("ClaimId") == claimId && current.GetString("State") == "Sending"
            ? new Claim(ClaimKind.Claimed, current.ETag, current.GetInt32("Attempts") ?? 1, claimId)
            : await TakeOverOrReportAsync(current, claimId, now, cancellationToken);
    }

    private async Task<Claim> TakeOverOrReportAsync(TableEntity current, string claimId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = current.GetString("State");
        var attempts = current.GetInt32("Attempts") ?? 0;
        switch (state)
        {
            case "Sent":
                return new Claim(ClaimKind.AlreadySent, current.ETag, attempts);
            case "Failed":
                return new Claim(ClaimKind.AlreadyFailed, current.ETag, attempts);
            case "Sending" when current.GetString("ClaimId") == claimId:
                return new Claim(ClaimKind.Claimed, current.ETag, attempts, claimId);
            case "Sending" when now - current.GetDateTimeOffset("ClaimedAt") < Lease:
                return new Claim(ClaimKind.Busy, current.ETag, attempts, RetryAfter: current.GetDateTimeOffset("ClaimedAt")!.Value + Lease - now);
        }

        // Released after a transient failure, or a claim whose holder died: take it over, guarded by the ETag.
        var takeover = new TableEntity(current.PartitionKey, current.RowKey)
        {
            ["State"] = "Sending", ["ClaimedAt"] = now, ["Attempts"] = attempts + 1, ["ClaimId"] = claimId,
        };
        try
        {
            var updated = await _table.UpdateEntityAsync(takeover, current.ETag, TableUpdateMode.Merge, cancellationToken);
            return new Claim(ClaimKind.Claimed, updated.Headers.ETag ?? default, attempts + 1, claimId);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            var after = await _table.GetEntityIfExistsAsync<TableEntity>(current.PartitionKey, current.RowKey, cancellationToken: cancellationToken);
            return after.HasValue && after.Value!.GetString("ClaimId") == claimId && after.Value.GetString("State") == "Sending"
                ? new Claim(ClaimKind.Claimed, after.Value.ETag, attempts + 1, claimId)
                : new Claim(ClaimKind.Busy, default, attempts, RetryAfter: Lease);
        }
    }

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
        try
        {
            await _table.UpdateEntityAsync(row, claim.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Our own merge, retried by the SDK after its answer was lost, reads back as done; anything else is a lost claim.
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, RowKey, cancellationToken: cancellationToken);
            if (!stored.HasValue || stored.Value!.GetString("ClaimId") != claim.Id || stored.Value.GetString("State") != state)
            {
                throw;
            }
        }
    }
}
