using System.Text.Json;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
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
    TimeProvider time,
    ILogger<DeadLetterService> logger)
{
    /// <summary>How often the host delivers a message before moving it to the poison queue (host.json maxDequeueCount).</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>A table property holds 32K characters; a queue message can be longer. Longer ones are kept truncated.</summary>
    public const int MaxStoredMessageLength = 30_000;

    public async Task RecordAsync(string queue, string message, DeadLetterKind kind, string reason, CancellationToken cancellationToken)
    {
        var (fundId, messageKey, template) = Describe(message);
        var deadLetter = new DeadLetter
        {
            Id = DeadLetterTable.IdFor(queue, message),
            FundId = fundId,
            Queue = queue,
            Kind = kind,
            Reason = reason,
            MessageKey = messageKey,
            Template = template,
            Message = message.Length > MaxStoredMessageLength ? message[..MaxStoredMessageLength] : message,
            Truncated = message.Length > MaxStoredMessageLength,
            RecordedAt = time.GetUtcNow(),
        };
        try
        {
            await table.AddAsync(fundId, deadLetter.Id, deadLetter, cancellationToken);
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
            // Recorded by an earlier delivery of the same message; the alert is exactly-once through the ledger.
        }

        LogRecorded(logger, fundId, deadLetter.Id, kind);
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

        var resent = deadLetter with { Status = DeadLetterStatus.Resent, ResentAt = time.GetUtcNow(), ResentBy = by.ObjectId };
        try
        {
            await table.ReplaceAsync(fundId, id, resent, stored.ETag, cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }

        // Forget the earlier outcome first, so the sender does not skip the key as "already failed".
        if (deadLetter.MessageKey is not null)
        {
            await ledger.ForgetAsync(deadLetter.MessageKey, cancellationToken);
        }

        await storage.Queue(deadLetter.Queue).SendMessageAsync(deadLetter.Message, cancellationToken);
        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "dead-letter.resend", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"dead-letter/{id}", FromState = nameof(DeadLetterStatus.Open), ToState = nameof(DeadLetterStatus.Resent),
            },
            cancellationToken);
        return resent;
    }

    private static (string FundId, string? MessageKey, string? Template) Describe(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            string? Get(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
            var fundId = Get("fundId");
            return (Slug.IsValid(fundId) ? fundId! : DeadLetterTable.UnknownFund, Get("messageKey"), Get("template"));
        }
        catch (JsonException)
        {
            return (DeadLetterTable.UnknownFund, null, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {DeadLetterId} recorded for fund {FundId}: {Kind}")]
    private static partial void LogRecorded(ILogger logger, string fundId, string deadLetterId, DeadLetterKind kind);
}
