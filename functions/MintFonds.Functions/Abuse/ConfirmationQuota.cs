using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using MintFonds.Core.Notifications;
using MintFonds.Core.Time;
using MintFonds.Functions.Http;
using MintFonds.Functions.Platform.RateLimits;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Abuse;

/// <summary>Whether the confirmation e-mail of a submission goes out.</summary>
public enum ConfirmationEmail
{
    /// <summary>Queued for sending (the usual case).</summary>
    Queued,

    /// <summary>Not sent: the address already had its confirmations for the day. The submission itself was stored and the office told.</summary>
    Withheld,
}

/// <summary>
/// At most <see cref="AbuseSettings.ConfirmationEmailsPerAddressPerDay"/> confirmation e-mails (application received,
/// pledge received) per address and calendar day (Europe/Berlin), so the public forms cannot be used to flood someone
/// else's mailbox. Beyond that the submission is still accepted and stored, and the office still gets its e-mail; only
/// the confirmation is not sent (its answer says so, <see cref="ConfirmationEmail.Withheld"/>).
/// Storage: one row per address and day in the Counters table, PartitionKey "confirmations|{hash of day and address}",
/// RowKey "sent": the count and the hashes of the message keys granted (at most the limit). With the day in the hash,
/// rows of different days cannot be linked, and none holds the address.
/// Consistency: a decision is made once per message key and recorded by ETag-guarded write; both the HTTP answer and the
/// queue's sender ask (<see cref="DecideAsync"/>), whoever comes first decides and the other finds the key: a granted key
/// is found (today's row or yesterday's, for a send retried after midnight). A lost race (409/412), including the SDK's
/// retry of our own write whose answer was lost, is re-read: the key is then found or the count re-checked, so it is
/// never counted twice. A refusal is not recorded: the count never falls within a day, so asking again refuses again.
/// </summary>
public sealed class ConfirmationQuota(StorageAccount storage, IOptions<AbuseSettings> options, TimeProvider time)
{
    private const int MaxAttempts = 20;
    private const string Row = "sent";
    private const string SentColumn = "Sent";

    private readonly TableClient _table = storage.Table(TableNames.Counters);

    /// <summary>The templates that confirm a submission to the address it names.</summary>
    public static bool AppliesTo(NotificationMessage message) =>
        message.Template is NotificationTemplates.ApplicationReceived or NotificationTemplates.PledgeReceived && message.To.Count == 1;

    public async Task<ConfirmationEmail> DecideAsync(string messageKey, string email, CancellationToken cancellationToken)
    {
        var limit = options.Value.ConfirmationEmailsPerAddressPerDay;
        var key = KeyHash(messageKey);
        var (partition, yesterday) = Partitions(email);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (today, before) = await ReadAsync(partition, yesterday, cancellationToken);
            if (Holds(today, key) || Holds(before, key))
            {
                return ConfirmationEmail.Queued;
            }

            var count = PartitionBatch.CounterValue(today);
            if (count >= limit)
            {
                return ConfirmationEmail.Withheld;
            }

            var row = new TableEntity(partition, Row)
            {
                [PartitionBatch.CounterValueColumn] = count + 1,
                [SentColumn] = today?.GetString(SentColumn) is { Length: > 0 } sent ? $"{sent} {key}" : key,
            };
            try
            {
                if (today is null)
                {
                    await _table.AddEntityAsync(row, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(row, today.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return ConfirmationEmail.Queued;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone else wrote first, or our own write went through with its answer lost: the re-read tells.
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    /// <summary>What was decided for a message, without deciding: for an answer repeated to a retried submission.</summary>
    public async Task<ConfirmationEmail> PeekAsync(string messageKey, string email, CancellationToken cancellationToken)
    {
        var key = KeyHash(messageKey);
        var (partition, yesterday) = Partitions(email);
        var (today, before) = await ReadAsync(partition, yesterday, cancellationToken);
        return Holds(today, key) || Holds(before, key) || PartitionBatch.CounterValue(today) < options.Value.ConfirmationEmailsPerAddressPerDay
            ? ConfirmationEmail.Queued
            : ConfirmationEmail.Withheld;
    }

    private (string Today, string Yesterday) Partitions(string email)
    {
        var address = SubjectKey.NormaliseEmail(email);
        var day = BerlinTime.Today(time);
        return (Partition(day, address), Partition(day.AddDays(-1), address));
    }

    private static string Partition(DateOnly day, string address) =>
        "confirmations|" + SubjectKey.Hash("mintfonds-confirmation", day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), address);

    private async Task<(TableEntity? Today, TableEntity? Yesterday)> ReadAsync(string today, string yesterday, CancellationToken cancellationToken)
    {
        var first = _table.GetEntityIfExistsAsync<TableEntity>(today, Row, cancellationToken: cancellationToken);
        var second = _table.GetEntityIfExistsAsync<TableEntity>(yesterday, Row, cancellationToken: cancellationToken);
        var a = await first;
        var b = await second;
        return (a.HasValue ? a.Value : null, b.HasValue ? b.Value : null);
    }

    private static bool Holds(TableEntity? row, string key) =>
        row?.GetString(SentColumn) is { } sent && sent.Split(' ').Contains(key, StringComparer.Ordinal);

    private static string KeyHash(string messageKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageKey)))[..16];
}
