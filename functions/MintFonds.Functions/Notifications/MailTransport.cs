namespace MintFonds.Functions.Notifications;

/// <summary>How a send attempt ended.</summary>
public enum SendResult
{
    /// <summary>Accepted by the provider (or written to the outbox).</summary>
    Sent,

    /// <summary>Worth retrying later: rate limit, provider outage, timeout.</summary>
    Transient,

    /// <summary>Refused for good (e.g. an invalid address): retrying would fail the same way.</summary>
    Permanent,
}

public sealed record SendOutcome(SendResult Result, string Detail, string? ProviderMessageId = null);

/// <summary>Delivers a composed e-mail: SendGrid in Azure, the local outbox container on a developer's machine.</summary>
public interface IMailTransport
{
    string Name { get; }

    Task<SendOutcome> SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}
