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
/// Storage: one row per address and day in the Counters table, PartitionKey "confirmations|{day}|{hash of day and address}",
/// RowKey "sent": the count and the hashes of the message keys granted (at most the limit), and the address's submissions
/// in the current clock hour (<see cref="TakeSubmissionAsync"/>: the per-address limit lives on the same row, so a
/// submission costs one write before it is stored and one after, which decides its confirmation on the row as written —
/// no read in between). With the day in the hash, rows of different days cannot be linked, and none holds the address.
/// Berlin days start on a full UTC hour, so an hour never spans two rows.
/// Consistency: a decision is made once per message key and recorded by ETag-guarded write; both the HTTP answer and the
/// queue's sender ask (<see cref="DecideAsync"/>), whoever comes first decides and the other finds the key: a granted key
/// is found (today's row or yesterday's, for a send retried after midnight). A lost race (409/412), including the SDK's
/// retry of our own write whose answer was lost, is re-read: the key is then found or the count re-checked, so it is
/// never counted twice. A refusal is not recorded: the count never falls within a day, so asking again refuses again.
/// Within one instance the writes to an address's row queue on a lock (<see cref="PartitionLocks.EnterStripeAsync"/>), so
/// concurrent submissions naming one address (a school office sending several) do not race each other into retries and
/// 503; only writers in other instances still meet the ETag.
/// </summary>
public sealed class ConfirmationQuota(StorageAccount storage, IOptions<AbuseSettings> options, TimeProvider time, PartitionLocks locks)
{
    public const string Series = "confirmations";

    private const int MaxAttempts = 20;
    private const string Row = "sent";
    private const string SentColumn = "Sent";
    private const string HourColumn = "Hour";
    private const string HourCountColumn = "HourCount";
    private const string WriteIdColumn = "WriteId";

    private readonly TableClient _table = storage.Table(TableNames.Counters);

    /// <summary>The templates that confirm a submission to the address it names.</summary>
    public static bool AppliesTo(NotificationMessage message) =>
        message.Template is NotificationTemplates.ApplicationReceived or NotificationTemplates.PledgeReceived && message.To.Count == 1;

    /// <summary>
    /// Counts a submission naming <paramref name="email"/> in this clock hour (UTC), or refuses it with 429 naming
    /// <paramref name="field"/> when the address is at <see cref="AbuseSettings.SubmissionsPerEmailPerHour"/>. The row
    /// as written comes back, for <see cref="DecideAsync"/> after the submission is stored. Null or blank counts nothing
    /// (validation refuses it). Insert first: an address's first submission of the day costs one request.
    /// </summary>
    public async Task<AddressTicket?> TakeSubmissionAsync(string? email, string field, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var limit = options.Value.SubmissionsPerEmailPerHour;
        var now = time.GetUtcNow();
        var window = FixedWindow.Containing(now, FixedWindow.Hour);
        var (partition, _) = Partitions(email);
        using var turn = await locks.EnterStripeAsync(TableNames.Counters, partition, cancellationToken);
        var writeId = Guid.NewGuid().ToString("N");
        var first = new TableEntity(partition, Row)
        {
            [PartitionBatch.CounterValueColumn] = 0L, [SentColumn] = string.Empty, [HourColumn] = window.Label, [HourCountColumn] = 1L, [WriteIdColumn] = writeId,
        };
        try
        {
            var added = await _table.AddEntityAsync(first, cancellationToken);
            first.ETag = added.Headers.ETag ?? default;
            return new AddressTicket(first);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Written today already (or our own insert with its answer lost: the read finds our write id).
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = (await _table.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: cancellationToken)).Value;
            if (row is not null && row.GetString(WriteIdColumn) == writeId)
            {
                return new AddressTicket(row);
            }

            var inHour = row?.GetString(HourColumn) == window.Label ? row.GetInt64(HourCountColumn) ?? 0 : 0;
            if (inHour >= limit)
            {
                throw new ProblemException(Problems.TooManyRequests(
                    window.RetryAfter(now), "Mit dieser E-Mail-Adresse kamen in dieser Stunde zu viele Anträge und Förderzusagen.", field));
            }

            writeId = Guid.NewGuid().ToString("N");
            var next = new TableEntity(partition, Row) { [HourColumn] = window.Label, [HourCountColumn] = inHour + 1, [WriteIdColumn] = writeId };
            try
            {
                if (row is null)
                {
                    next[PartitionBatch.CounterValueColumn] = 0L;
                    next[SentColumn] = string.Empty;
                    next.ETag = (await _table.AddEntityAsync(next, cancellationToken)).Headers.ETag ?? default;
                    return new AddressTicket(next);
                }

                var updated = await _table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Merge, cancellationToken);
                row[HourColumn] = window.Label;
                row[HourCountColumn] = inHour + 1;
                row[WriteIdColumn] = writeId;
                row.ETag = updated.Headers.ETag ?? default;
                return new AddressTicket(row);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    /// <param name="ticket">The address's row as <see cref="TakeSubmissionAsync"/> wrote it for this submission, if any:
    /// the decision is then written on it under its ETag without reading first (a 412 means someone wrote since: read).</param>
    public async Task<ConfirmationEmail> DecideAsync(string messageKey, string email, CancellationToken cancellationToken, AddressTicket? ticket = null)
    {
        var limit = options.Value.ConfirmationEmailsPerAddressPerDay;
        var key = KeyHash(messageKey);
        var (partition, yesterday) = Partitions(email);
        using var turn = await locks.EnterStripeAsync(TableNames.Counters, partition, cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // A fresh submission's key cannot be in yesterday's row: it was stored after its ticket was written today.
            var (today, before) = attempt == 1 && ticket?.Row.PartitionKey == partition
                ? (ticket.Row, (TableEntity?)null)
                : await ReadAsync(partition, yesterday, cancellationToken);
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
                    // Merge: the hour's submission count on the same row stays as it is.
                    await _table.UpdateEntityAsync(row, today.ETag, TableUpdateMode.Merge, cancellationToken);
                }

                return ConfirmationEmail.Queued;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone else wrote first, or our own write went through with its answer lost: the re-read tells.
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        // The HTTP answer asks after the submission is stored: "busy, nothing stored" would be false there. It answers
        // what the count says, and the queue's sender, which asks again and may retry, makes the decision.
        return ticket is not null
            ? await PeekAsync(messageKey, email, cancellationToken)
            : throw new ProblemException(Problems.Busy());
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
        // The day in clear first (the sweep removes old days by a key range); the hash still binds day and address.
        $"{Series}|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}|"
        + SubjectKey.Hash("mintfonds-confirmation", day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), address);

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

/// <summary>An address's daily quota row as a submission's count left it (with its ETag), for the decision that follows.</summary>
public sealed record AddressTicket(TableEntity Row);
