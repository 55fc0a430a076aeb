using MintFonds.Core.Notifications;

namespace MintFonds.Functions.Notifications;

/// <summary>A complete e-mail, ready for a transport: addresses, rendered parts and attachment bytes.</summary>
public sealed record OutgoingMail(
    string MessageKey,
    string FundId,
    string Template,
    MailRecipient From,
    string? ReplyTo,
    IReadOnlyList<MailRecipient> To,
    RenderedMail Content,
    IReadOnlyList<MailAttachment> Attachments);

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content, string? ContentId);
