using Microsoft.Extensions.Logging;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Notifications;

/// <summary>A send worth retrying (provider outage, rate limit, another instance busy): the queue delivers it again later.</summary>
public sealed class RetryLaterException(string reason) : Exception(reason);

/// <summary>
/// Handles one message of the notifications queue: a malformed one is dead-lettered at once (never retried); a good
/// one is delivered exactly once; a permanent refusal is recorded and alerted without retries; anything transient
/// throws, so the queue retries it (host.json: visibility timeout and maxDequeueCount) and, after the last retry,
/// moves it to the poison queue, where <see cref="NotificationFunctions.RecordFailedNotification"/> takes over. A message
/// may carry several jobs (<see cref="NotificationBatch"/>): each is handled as if it had come alone, and a job to retry
/// brings the whole message back, where the jobs already sent are skipped by their message keys.
/// </summary>
public sealed partial class NotificationSender(
    TemplateRenderer renderer,
    MailDelivery delivery,
    IMailTransport transport,
    FundTable funds,
    DeadLetterService deadLetters,
    ConfirmationQuota confirmations,
    DeliveryLedger ledger,
    ILogger<NotificationSender> logger)
{
    public async Task HandleAsync(string text, CancellationToken cancellationToken)
    {
        var jobs = NotificationBatch.Split(text);
        string? retry = null;
        foreach (var job in jobs)
        {
            try
            {
                await HandleOneAsync(job, cancellationToken);
            }
            catch (RetryLaterException ex) when (jobs.Count > 1)
            {
                // The other jobs still go out now; this one comes back with the message.
                retry ??= ex.Message;
            }
        }

        if (retry is not null)
        {
            throw new RetryLaterException(retry);
        }
    }

    /// <summary>
    /// Records a message whose retries ran out: each job of it as its own dead letter (so each can be resent alone),
    /// except jobs of a batch that were sent or refused for good meanwhile.
    /// </summary>
    public async Task RecordExhaustedAsync(string text, CancellationToken cancellationToken)
    {
        var jobs = NotificationBatch.Split(text);
        foreach (var job in jobs)
        {
            if (jobs.Count > 1 && await IsSettledAsync(job, cancellationToken))
            {
                continue;
            }

            await deadLetters.RecordAsync(
                QueueNames.Notifications,
                job,
                DeadLetterKind.RetriesExhausted,
                $"Nach {DeadLetterService.MaxDequeueCount} Versuchen nicht zustellbar (z. B. SendGrid nicht erreichbar).",
                cancellationToken);
        }
    }

    private async Task<bool> IsSettledAsync(string job, CancellationToken cancellationToken)
    {
        var (message, _) = NotificationMessageReader.Read(job, renderer.Available());
        var row = message is null ? null : await ledger.GetAsync(message.MessageKey, cancellationToken);
        return row?.GetString("State") is "Sent" or "Failed";
    }

    private async Task HandleOneAsync(string text, CancellationToken cancellationToken)
    {
        var (message, problem) = NotificationMessageReader.Read(text, renderer.Available());
        if (message is null)
        {
            await deadLetters.RecordAsync(QueueNames.Notifications, text, DeadLetterKind.Malformed, problem!, cancellationToken);
            return;
        }

        var fund = await funds.GetAsync(message.FundId, cancellationToken);
        if (fund is null)
        {
            await deadLetters.RecordAsync(
                QueueNames.Notifications, text, DeadLetterKind.Malformed, $"Es gibt keinen Fonds '{message.FundId}'.", cancellationToken, fundExists: false);
            return;
        }

        // At most a few confirmations per address and day: the HTTP answer asked the same question (whoever asks first
        // decides), so what the submitter was told and what is sent agree. A withheld one is simply not sent.
        if (ConfirmationQuota.AppliesTo(message)
            && await confirmations.DecideAsync(message.MessageKey, message.To[0].Email, cancellationToken) == ConfirmationEmail.Withheld)
        {
            LogWithheld(logger, message.Template, message.FundId);
            return;
        }

        var result = await delivery.DeliverAsync(fund.Value, message, transport, cancellationToken);
        LogResult(logger, message.Template, message.FundId, result.Result, transport.Name);
        switch (result.Result)
        {
            case DeliveryResult.Busy:
            case DeliveryResult.Transient:
                throw new RetryLaterException(result.Detail);
            case DeliveryResult.Permanent:
                await deadLetters.RecordAsync(QueueNames.Notifications, text, DeadLetterKind.Refused, result.Detail, cancellationToken);
                break;
            case DeliveryResult.AlreadyDone when result.Detail == nameof(ClaimKind.AlreadyFailed):
                // Refused earlier, but recording or alerting may not have finished then (a crash, a busy alert): both
                // are idempotent, so make sure of them again.
                await deadLetters.RecordAsync(QueueNames.Notifications, text, DeadLetterKind.Refused, "Vom E-Mail-Dienst abgelehnt.", cancellationToken);
                break;
        }
    }

    // Template and fund only: the message key can carry references, but never addresses or names.
    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Template} for fund {FundId}: {Result} via {Transport}")]
    private static partial void LogResult(ILogger logger, string template, string fundId, DeliveryResult result, string transport);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Template} for fund {FundId}: withheld, the address had its confirmations for today")]
    private static partial void LogWithheld(ILogger logger, string template, string fundId);
}
