using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using MimeKit;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Notifications;

/// <summary>
/// The local stand-in for SendGrid: writes the complete message as an .eml file (headers, text, HTML, attachments)
/// to the mail-outbox container, where any mail program opens it. Written once per message key. Each file is indexed
/// under its recipients before it is written (see <see cref="PersonIndex"/>), so a data-subject request finds it.
/// </summary>
public sealed class OutboxTransport(StorageAccount storage, PersonIndex index, TimeProvider time) : IMailTransport
{
    public string Name => "outbox";

    /// <summary>
    /// Named by message key and content: a repeat of the same e-mail (the SDK's retry of its own upload) finds its own
    /// file, while an e-mail composed anew (a fresh status link after a resend) lands beside it, as a second real
    /// e-mail would.
    /// </summary>
    public static string BlobName(OutgoingMail mail, DateTimeOffset at) =>
        $"{mail.FundId}/{at:yyyy-MM-dd}/{mail.Template}-{KeyHash(mail.MessageKey)[..16]}-{KeyHash(mail.Content.Subject + "\n" + mail.Content.Text + "\n" + mail.Content.Html)[..8]}.eml";

    public async Task<SendOutcome> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        using var eml = new MemoryStream();
        await ToMime(mail, time.GetUtcNow()).WriteToAsync(eml, cancellationToken);
        eml.Position = 0;
        var name = BlobName(mail, time.GetUtcNow());
        await index.RecordAsync(
            mail.FundId, mail.To, MailArtefactKind.OutboxMail, PersonIndex.SafeId(name), mail.MessageKey, name, [mail.From.Email, mail.ReplyTo], cancellationToken);
        try
        {
            await storage.Container(BlobContainerNames.MailOutbox).GetBlobClient(name).UploadAsync(
                eml,
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "message/rfc822" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Written by an earlier attempt with this very content (the name says so): the e-mail is "sent" already.
        }

        return new SendOutcome(SendResult.Sent, "outbox", name);
    }

    public static MimeMessage ToMime(OutgoingMail mail, DateTimeOffset date)
    {
        var message = new MimeMessage { Subject = mail.Content.Subject, Date = date };
        message.From.Add(new MailboxAddress(mail.From.Name, mail.From.Email));
        if (!string.IsNullOrEmpty(mail.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(mail.ReplyTo));
        }

        message.To.AddRange(mail.To.Select(r => new MailboxAddress(r.Name ?? string.Empty, r.Email)));
        message.MessageId = $"{KeyHash(mail.MessageKey)[..32]}@mintfonds.local";
        message.Headers.Add("X-MintFonds-Message-Key", mail.MessageKey);
        message.Headers.Add("X-MintFonds-Template", mail.Template);

        var body = new BodyBuilder { TextBody = mail.Content.Text, HtmlBody = mail.Content.Html };
        foreach (var attachment in mail.Attachments)
        {
            var contentType = ContentType.Parse(attachment.ContentType);
            var part = attachment.ContentId is null
                ? body.Attachments.Add(attachment.FileName, attachment.Content, contentType)
                : body.LinkedResources.Add(attachment.FileName, attachment.Content, contentType);
            if (attachment.ContentId is not null)
            {
                part.ContentId = attachment.ContentId;
            }
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
