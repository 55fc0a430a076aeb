using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Core.Notifications;
using MintFonds.Core.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>What kind of mail artefact an index row points to.</summary>
public enum MailArtefactKind
{
    /// <summary>A row of the delivery ledger (Notifications table): message key, template, state; no address.</summary>
    Delivery,

    /// <summary>An .eml file in the local mail-outbox container (the stand-in for SendGrid).</summary>
    OutboxMail,

    /// <summary>A dead letter: the undeliverable message with its recipients.</summary>
    DeadLetter,
}

/// <summary>One index row of <see cref="PersonIndex"/>.</summary>
public sealed record MailArtefact(string FundId, MailArtefactKind Kind, string Id, string? MessageKey, string? BlobName, string PartitionKey, string RowKey);

/// <summary>
/// The PersonIndex table, for what is written outside any fund partition and so cannot share a transaction with an
/// index row: e-mails in the delivery ledger, in the local outbox and in the dead letters. PartitionKey = person key
/// (hash of the e-mail address), RowKey = <c>{fundId}|{kind}|{id}</c>, so one range query finds a person's artefacts
/// in one fund.
/// Consistency: the index row is written BEFORE the artefact (an idempotent upsert), and deleted AFTER it. A crash in
/// between leaves an index row pointing to nothing, which export skips and erasure removes; it never leaves an
/// artefact the index does not know. Lost answers do no harm: upserts and deletes are safe to repeat.
/// </summary>
public sealed class PersonIndex(StorageAccount storage)
{
    private readonly TableClient _table = storage.Table(TableNames.PersonIndex);

    public static string RowKey(string fundId, MailArtefactKind kind, string id) => $"{fundId}|{kind}|{id}";

    /// <summary>A key for ids that may hold characters a RowKey must not (a blob name has '/').</summary>
    public static string SafeId(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    /// <summary>
    /// Indexes an artefact under every recipient's address before it is written, except the fund's own mailboxes
    /// (<paramref name="except"/>): the office's notices carry other people's data, and the office is no data subject.
    /// </summary>
    public async Task RecordAsync(
        string fundId,
        IEnumerable<MailRecipient> recipients,
        MailArtefactKind kind,
        string id,
        string? messageKey,
        string? blobName,
        IEnumerable<string?> except,
        CancellationToken cancellationToken)
    {
        var excluded = except.OfType<string>().Select(PersonKey.For).ToHashSet(StringComparer.Ordinal);
        foreach (var personKey in recipients.Select(r => PersonKey.For(r.Email)).Where(k => !excluded.Contains(k)).Distinct(StringComparer.Ordinal))
        {
            var row = new TableEntity(personKey, RowKey(fundId, kind, id))
            {
                ["FundId"] = fundId, ["Kind"] = kind.ToString(), ["Id"] = id, ["MessageKey"] = messageKey, ["BlobName"] = blobName,
            };
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>The fund's own mailboxes, never indexed as a person.</summary>
    public static IEnumerable<string?> FundAddresses(Fund fund) => [fund.Contact.Email, fund.Sender.Email, fund.Sender.ReplyTo];

    /// <summary>A person's artefacts in one fund ('|' + 1 = '}').</summary>
    public async Task<IReadOnlyList<MailArtefact>> ListAsync(string personKey, string fundId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {personKey} and RowKey gt {fundId + "|"} and RowKey lt {fundId + "}"}");
        var found = new List<MailArtefact>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (Enum.TryParse<MailArtefactKind>(row.GetString("Kind"), out var kind))
            {
                found.Add(new MailArtefact(fundId, kind, row.GetString("Id"), row.GetString("MessageKey"), row.GetString("BlobName"), row.PartitionKey, row.RowKey));
            }
        }

        return found;
    }

    public async Task ForgetAsync(MailArtefact artefact, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(artefact.PartitionKey, artefact.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already (our own retried delete, or a parallel erasure).
        }
    }
}
