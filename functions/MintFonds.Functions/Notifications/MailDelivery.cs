using Fluid;
using MintFonds.Core.Funds;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Privacy;

namespace MintFonds.Functions.Notifications;

public enum DeliveryResult
{
    Sent,
    AlreadyDone,
    Busy,
    Transient,
    Permanent,
}

public sealed record Delivery(DeliveryResult Result, string Detail);

/// <summary>
/// One e-mail, exactly once: claim in the ledger, index the ledger row under each recipient (see <see cref="PersonIndex"/>),
/// compose, send through a transport, record the result.
/// </summary>
public sealed class MailDelivery(DeliveryLedger ledger, MailComposer composer, PersonIndex index)
{
    public async Task<Delivery> DeliverAsync(Fund fund, NotificationMessage message, IMailTransport transport, CancellationToken cancellationToken)
    {
        var claim = await ledger.ClaimAsync(message.MessageKey, message.FundId, message.Template, cancellationToken);
        switch (claim.Kind)
        {
            case ClaimKind.AlreadySent:
            case ClaimKind.AlreadyFailed:
                return new Delivery(DeliveryResult.AlreadyDone, claim.Kind.ToString());
            case ClaimKind.Busy:
                return new Delivery(DeliveryResult.Busy, "Eine andere Instanz versendet diese Nachricht gerade.");
        }

        OutgoingMail mail;
        SendOutcome outcome;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(DeliveryLedger.SendDeadline);
        try
        {
            await index.RecordAsync(
                message.FundId, message.To, MailArtefactKind.Delivery, DeliveryLedger.PartitionFor(message.MessageKey), message.MessageKey, null,
                PersonIndex.FundAddresses(fund), deadline.Token);
            mail = await composer.ComposeAsync(fund, message, deadline.Token);
            outcome = await transport.SendAsync(mail, deadline.Token);
        }
        catch (Exception ex) when (ex is MailComposer.MissingAttachmentException or FileNotFoundException or InvalidDataException or ParseException)
        {
            // A missing attachment or a broken template fails the same way on every retry.
            var reason = $"Die Nachricht kann nicht erstellt werden: {ex.Message}";
            await ledger.MarkFailedAsync(message.MessageKey, claim, reason, cancellationToken);
            return new Delivery(DeliveryResult.Permanent, reason);
        }
#pragma warning disable CA1031 // Anything else (a storage hiccup while loading an attachment): give the claim back so the queue's retry can take it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await ledger.ReleaseAsync(message.MessageKey, claim, $"Unerwarteter Fehler: {ex.GetType().Name}", CancellationToken.None);
            throw;
        }

        switch (outcome.Result)
        {
            case SendResult.Sent:
                await ledger.MarkSentAsync(message.MessageKey, claim, transport.Name, outcome.ProviderMessageId, cancellationToken);
                return new Delivery(DeliveryResult.Sent, outcome.Detail);
            case SendResult.Transient:
                await ledger.ReleaseAsync(message.MessageKey, claim, outcome.Detail, cancellationToken);
                return new Delivery(DeliveryResult.Transient, outcome.Detail);
            default:
                await ledger.MarkFailedAsync(message.MessageKey, claim, outcome.Detail, cancellationToken);
                return new Delivery(DeliveryResult.Permanent, outcome.Detail);
        }
    }
}
