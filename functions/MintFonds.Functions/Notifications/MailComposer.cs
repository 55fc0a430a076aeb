using Azure;
using MintFonds.Core.Funds;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Notifications;

/// <summary>Renders a message with the fund's sender data and loads its attachments from blob storage.</summary>
public sealed class MailComposer(TemplateRenderer renderer, StorageAccount storage, StatusLinkIssuer statusLinks, Regions.FundLogoService logos)
{
    /// <summary>A referenced attachment blob is missing: the message cannot be sent as asked.</summary>
    public sealed class MissingAttachmentException(string blob, Exception inner) : Exception($"Attachment blob '{blob}' does not exist.", inner);

    public async Task<OutgoingMail> ComposeAsync(Fund fund, NotificationMessage message, CancellationToken cancellationToken)
    {
        // The status token is made here, after the delivery was claimed: it exists only in the e-mail being sent.
        var statusLink = message.StatusLinkFor is { } reference ? await statusLinks.IssueAsync(fund, reference, cancellationToken) : null;
        var content = renderer.Render(message.Template, message.Culture, MailModel.For(fund, message, statusLink, logos.LogoUrl(fund)));
        var attachments = new List<MailAttachment>();
        foreach (var attachment in message.Attachments)
        {
            try
            {
                var blob = await storage.Container(attachment.Container).GetBlobClient(attachment.BlobName).DownloadContentAsync(cancellationToken);
                attachments.Add(new MailAttachment(attachment.FileName, attachment.ContentType, blob.Value.Content.ToArray(), attachment.ContentId));
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw new MissingAttachmentException($"{attachment.Container}/{attachment.BlobName}", ex);
            }
        }

        foreach (var code in message.QrCodes)
        {
            attachments.Add(new MailAttachment(code.FileName, "image/png", Payments.GiroCodeImage.Png(code.Payload), code.ContentId));
        }

        return new OutgoingMail(
            message.MessageKey,
            fund.Id,
            message.Template,
            new MailRecipient(fund.Sender.Email, fund.Sender.Name),
            fund.Sender.ReplyTo,
            message.To,
            content,
            attachments);
    }
}
