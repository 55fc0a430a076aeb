using System.Text.Json;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Funds;

namespace MintFonds.Functions.Notifications;

/// <summary>
/// Tells the fund office that an e-mail could not be delivered: through the normal transport, and through the
/// mail-outbox container when that transport does not take it (SendGrid down is the usual reason messages die).
/// The alert names the template and reason, never the recipients. No alert is sent about a failed alert. An alert
/// whose claim is busy makes the caller's queue message retry, so it is neither lost nor sent twice.
/// </summary>
public sealed partial class OfficeAlerts(
    MailDelivery delivery, DeliveryLedger ledger, IMailTransport transport, OutboxTransport outbox, FundTable funds, ILogger<OfficeAlerts> logger)
{
    public async Task AlertAsync(DeadLetter deadLetter, int attempts, CancellationToken cancellationToken)
    {
        if (deadLetter.Template == NotificationTemplates.FailedMessageAlert || deadLetter.FundId == DeadLetterTable.UnknownFund)
        {
            return;
        }

        var fund = await funds.GetAsync(deadLetter.FundId, cancellationToken);
        if (fund is null)
        {
            return;
        }

        var alert = new NotificationMessage
        {
            MessageKey = $"{NotificationTemplates.FailedMessageAlert}:{deadLetter.FundId}:{deadLetter.Id}:{deadLetter.Generation}",
            Template = NotificationTemplates.FailedMessageAlert,
            FundId = deadLetter.FundId,
            To = [new MailRecipient(fund.Value.Contact.Email, fund.Value.Name)],
            Data = JsonSerializer.SerializeToElement(
                new
                {
                    failure = new
                    {
                        messageKey = deadLetter.MessageKey ?? "(unbekannt)",
                        template = deadLetter.Template ?? "(unbekannt)",
                        reason = deadLetter.Reason,
                        failedAt = deadLetter.RecordedAt,
                        attempts,
                        recipientCount = RecipientCount(deadLetter.Message),
                    },
                    adminHint = $"Verwaltung → Fonds {deadLetter.FundId} → Unzustellbare Nachrichten (Kennung {deadLetter.Id}); dort kann die Nachricht erneut gesendet werden.",
                },
                MintFondsJson.Storage),
        };

        var viaOutbox = alert with { MessageKey = alert.MessageKey + ":outbox" };
        if ((await ledger.GetAsync(viaOutbox.MessageKey, cancellationToken))?.GetString("State") == "Sent")
        {
            return; // Already delivered through the outbox when this failure was first reported.
        }

        var result = await delivery.DeliverAsync(fund.Value, alert, transport, cancellationToken);
        if (result.Result is DeliveryResult.Transient or DeliveryResult.Permanent && transport is not OutboxTransport)
        {
            result = await delivery.DeliverAsync(fund.Value, viaOutbox, outbox, cancellationToken);
        }

        LogAlert(logger, deadLetter.FundId, deadLetter.Id, result.Result);
        if (result.Result == DeliveryResult.Busy)
        {
            // Another delivery of the same failure holds the alert's claim (or held it and died): the queue's retry of
            // the message that reported the failure comes back to it, and the alert goes out once, never not at all.
            throw new RetryLaterException(result.Detail);
        }
    }

    private static int RecipientCount(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array ? to.GetArrayLength() : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Office of fund {FundId} alerted about dead letter {DeadLetterId}: {Result}")]
    private static partial void LogAlert(ILogger logger, string fundId, string deadLetterId, DeliveryResult result);
}
