using System.Text.Json;

namespace MintFonds.Core.Notifications;

/// <summary>
/// One e-mail job on the "notifications" queue (schema version 1). Producers fill it completely, so the sender needs
/// nothing but the message and the template: no lookup, no decision. Attachments are blob references, never bytes,
/// because a queue message holds at most 64 KiB.
/// </summary>
public sealed record NotificationMessage
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Unique per e-mail to send; the sender sends each key once, however often the message arrives (see DeliveryLedger for the one crash window that can repeat it).</summary>
    public required string MessageKey { get; init; }

    /// <summary>One of <see cref="NotificationTemplates"/>.</summary>
    public required string Template { get; init; }

    /// <summary>"de" (default) or "en".</summary>
    public string Culture { get; init; } = "de";

    public required string FundId { get; init; }

    public required IReadOnlyList<MailRecipient> To { get; init; }

    /// <summary>Template data; its shape is fixed per template (see the template's sample data).</summary>
    public required JsonElement Data { get; init; }

    public IReadOnlyList<BlobAttachment> Attachments { get; init; } = [];

    /// <summary>
    /// QR codes drawn while the e-mail is composed, from their payload (e.g. a pledge's GiroCode). Nothing is stored
    /// for them, so no image can outlive or miss its message, and a retried post cannot leave one behind.
    /// </summary>
    public IReadOnlyList<QrCodeAttachment> QrCodes { get; init; } = [];

    /// <summary>
    /// The reference of the application whose applicant this e-mail gives a fresh status link (as <c>data.statusLink</c>).
    /// The token is made while the e-mail is composed and exists only in the sent e-mail; storage keeps its hash. So no
    /// queue message, outbox row or dead letter ever holds a token, and every (re)sent e-mail carries a new one that
    /// replaces the old.
    /// </summary>
    public string? StatusLinkFor { get; init; }
}

public sealed record MailRecipient(string Email, string? Name);

/// <summary>
/// A file in blob storage to attach: container, blob name, and how the recipient sees it. With a
/// <paramref name="ContentId"/> it is shown inline (e.g. the GiroCode image, referenced as cid:… in the HTML).
/// </summary>
public sealed record BlobAttachment(string Container, string BlobName, string FileName, string ContentType, string? ContentId = null);

/// <summary>A QR code image made from <paramref name="Payload"/> when the e-mail is composed, shown inline by <paramref name="ContentId"/>.</summary>
public sealed record QrCodeAttachment(string Payload, string FileName, string ContentId);
