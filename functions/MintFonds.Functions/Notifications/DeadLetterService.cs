using System.Text.Json;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Notifications;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Notifications;

/// <summary>Records undeliverable messages once, alerts the office, lists them and sends them again on request.</summary>
public sealed partial class DeadLetterService(
    DeadLetterTable table,
    OfficeAlerts alerts,
    DeliveryLedger ledger,
    StorageAccount storage,
    FundService funds,
    AuditLog audit,
    FundTable fundTable,
    PersonIndex index,
    TimeProvider time,
    ILogger<DeadLetterService> logger)
{
    /// <summary>How often the host delivers a message before moving it to the poison queue (host.json maxDequeueCount).</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>
    /// The whole dead letter is stored as JSON in one table property (at most 32K characters); a queue message can be
    /// longer, and escaping makes it longer still. Such a message is kept shortened and marked as truncated.
    /// </summary>
    public const int MaxStoredJsonLength = 30_000;

    /// <param name="queue">The queue the message came from.</param>
    /// <param name="message">The message text exactly as it was on the queue.</param>
    /// <param name="kind">Why it is dead.</param>
    /// <param name="reason">The reason in words, shown to the office.</param>
    /// <param name="fundExists">False when the fund the message names does not exist: it is then kept under "unknown".</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task RecordAsync(
        string queue, string message, DeadLetterKind kind, string reason, CancellationToken cancellationToken, bool fundExists = true)
    {
        var (fundId, messageKey, template, recipients) = Describe(message);
        if (!fundExists)
        {
            fundId = DeadLetterTable.UnknownFund;
        }

        var id = DeadLetterTable.IdFor(queue, message);
        var now = time.GetUtcNow();
        var deadLetter = Fit(new DeadLetter
        {
            Id = id,
            FundId = fundId,
            Queue = queue,
            Kind = kind,
            Reason = reason,
            MessageKey = messageKey,
            Template = template,
            Message = message,
            RecordedAt = now,
        });
        if (fundId != DeadLetterTable.UnknownFund && recipients.Count > 0)
        {
            // Before the dead letter: a data-subject request must find every stored copy of a person's address.
            var fund = await fundTable.GetAsync(fundId, cancellationToken);
            await index.RecordAsync(
                fundId, recipients, MailArtefactKind.DeadLetter, id, messageKey, null, fund is null ? [] : PersonIndex.FundAddresses(fund.Value), cancellationToken);
        }

        try
        {
            await table.AddAsync(fundId, id, deadLetter, cancellationToken);
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
            var existing = await table.GetAsync(fundId, id, cancellationToken);
            if (existing is null || existing.Value.Status == DeadLetterStatus.Open)
            {
                // The same failure recorded by an earlier delivery of this message; its alert is exactly-once.
                deadLetter = existing?.Value ?? deadLetter;
            }
            else
            {
                // It was resent and failed again: open it again and alert again (a new generation, a new alert key).
                deadLetter = existing.Value with
                {
                    Kind = kind, Reason = reason, RecordedAt = now, Status = DeadLetterStatus.Open, Generation = existing.Value.Generation + 1,
                };
                await table.ReplaceAsync(fundId, id, deadLetter, existing.ETag, cancellationToken);
            }
        }

        LogRecorded(logger, fundId, id, kind);
        await alerts.AlertAsync(deadLetter, kind == DeadLetterKind.RetriesExhausted ? MaxDequeueCount : 1, cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string fundId, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var list = new List<DeadLetter>();
        await foreach (var stored in table.QueryPartitionAsync(fundId, null, cancellationToken))
        {
            list.Add(stored.Value);
        }

        return [.. list.OrderByDescending(d => d.RecordedAt)];
    }

    /// <summary>Puts the message back on its queue after the office fixed the cause (e.g. corrected an address).</summary>
    public async Task<DeadLetter> ResendAsync(string fundId, string id, AdminPrincipal by, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var stored = (id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? await table.GetAsync(fundId, id, cancellationToken) : null)
            ?? throw new ProblemException(Problems.NotFound("Diese unzustellbare Nachricht gibt es nicht."));
        var deadLetter = stored.Value;
        if (deadLetter.Kind == DeadLetterKind.Malformed || deadLetter.Truncated)
        {
            throw new ProblemException(Problems.Conflict("Diese Nachricht ist fehlerhaft aufgebaut; erneutes Senden würde wieder scheitern."));
        }

        if (deadLetter.Status == DeadLetterStatus.Resent)
        {
            return deadLetter;
        }

        // Forget the earlier outcome and enqueue first, then mark: if marking fails, a repeat does it all again, and a
        // message enqueued twice is still sent once (the ledger).
        if (deadLetter.MessageKey is not null)
        {
            await ledger.ForgetAsync(deadLetter.MessageKey, cancellationToken);
        }

        await storage.Queue(deadLetter.Queue).SendMessageAsync(deadLetter.Message, cancellationToken);
        var resent = deadLetter with { Status = DeadLetterStatus.Resent, ResentAt = time.GetUtcNow(), ResentBy = by.ObjectId };
        try
        {
            await table.ReplaceAsync(fundId, id, resent, stored.ETag, cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }

        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "dead-letter.resend", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"dead-letter/{id}", FromState = nameof(DeadLetterStatus.Open), ToState = nameof(DeadLetterStatus.Resent),
            },
            cancellationToken);
        return resent;
    }

    /// <summary>Shortens the kept message until the stored JSON fits one table property (never splitting a character).</summary>
    private static DeadLetter Fit(DeadLetter deadLetter)
    {
        var fitted = deadLetter;
        var length = deadLetter.Message.Length;
        while (JsonSerializer.Serialize(fitted, MintFonds.Core.Json.MintFondsJson.Storage).Length > MaxStoredJsonLength)
        {
            length /= 2;
            if (length > 0 && char.IsHighSurrogate(deadLetter.Message[length - 1]))
            {
                length--;
            }

            fitted = deadLetter with { Message = deadLetter.Message[..length], Truncated = true };
        }

        return fitted;
    }

    private static (string FundId, string? MessageKey, string? Template, IReadOnlyList<MailRecipient> Recipients) Describe(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            string? Get(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
            var fundId = Get("fundId");
            return (Slug.IsValid(fundId) ? fundId! : DeadLetterTable.UnknownFund, Get("messageKey"), Get("template"), Recipients(root));
        }
        catch (JsonException)
        {
            return (DeadLetterTable.UnknownFund, null, null, []);
        }
    }

    /// <summary>The addresses in a message's "to" list, however malformed the rest is.</summary>
    private static List<MailRecipient> Recipients(JsonElement root)
    {
        var found = new List<MailRecipient>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array)
        {
            foreach (var recipient in to.EnumerateArray())
            {
                if (recipient.ValueKind == JsonValueKind.Object && recipient.TryGetProperty("email", out var email)
                    && email.ValueKind == JsonValueKind.String && email.GetString() is { Length: > 0 and <= 320 } address)
                {
                    found.Add(new MailRecipient(address, null));
                }
            }
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {DeadLetterId} recorded for fund {FundId}: {Kind}")]
    private static partial void LogRecorded(ILogger logger, string fundId, string deadLetterId, DeadLetterKind kind);
}
