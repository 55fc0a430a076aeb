using System.Net;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace MintFonds.Functions.Notifications;

/// <summary>
/// Sends through the official SendGrid client. 202 is success; 429 and 5xx (and timeouts, network errors) are
/// transient; any other 4xx is a permanent refusal. The idempotency key travels as a custom arg for tracing.
/// </summary>
public sealed class SendGridTransport(HttpClient http, IOptions<SendGridSettings> options) : IMailTransport
{
    private readonly SendGridSettings _settings = options.Value;

    public string Name => "sendgrid";

    public async Task<SendOutcome> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        if (_settings.IsUnresolvedKeyVaultReference)
        {
            // Retried, and in the end recorded and alerted through the outbox: never silently dropped.
            return new SendOutcome(SendResult.Transient, "Der SendGrid-Schlüssel ist eine nicht aufgelöste Key-Vault-Referenz.");
        }

        var clientOptions = new SendGridClientOptions { ApiKey = _settings.ApiKey };
        if (!string.IsNullOrEmpty(_settings.Host))
        {
            clientOptions.Host = _settings.Host;
        }

        var client = new SendGridClient(http, clientOptions);
        Response response;
        try
        {
            response = await client.SendEmailAsync(ToSendGrid(mail), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome(SendResult.Transient, $"SendGrid nicht erreichbar ({ex.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendResult.Transient, "SendGrid hat nicht rechtzeitig geantwortet.");
        }

        var status = (int)response.StatusCode;
        var messageId = response.Headers?.TryGetValues("X-Message-Id", out var ids) == true ? ids.FirstOrDefault() : null;
        return status switch
        {
            >= 200 and < 300 => new SendOutcome(SendResult.Sent, $"SendGrid {status}", messageId),
            (int)HttpStatusCode.TooManyRequests or >= 500 => new SendOutcome(SendResult.Transient, $"SendGrid {status}"),

            // A rejected key or unverified sender is our configuration, not this message: retry, then alert via the outbox.
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden =>
                new SendOutcome(SendResult.Transient, $"SendGrid {status}: API-Schlüssel oder Absenderadresse werden abgelehnt (Konfiguration prüfen)."),
            _ => new SendOutcome(SendResult.Permanent, $"SendGrid {status}: {await ReasonAsync(response)}"),
        };
    }

    private static SendGridMessage ToSendGrid(OutgoingMail mail)
    {
        var message = new SendGridMessage();
        message.SetFrom(new EmailAddress(mail.From.Email, mail.From.Name));
        if (!string.IsNullOrEmpty(mail.ReplyTo))
        {
            message.SetReplyTo(new EmailAddress(mail.ReplyTo));
        }

        message.AddTos([.. mail.To.Select(r => new EmailAddress(r.Email, r.Name))]);
        message.SetSubject(mail.Content.Subject);

        // SendGrid requires text/plain before text/html.
        message.AddContent(MimeType.Text, mail.Content.Text);
        message.AddContent(MimeType.Html, mail.Content.Html);
        foreach (var attachment in mail.Attachments)
        {
            message.AddAttachment(
                attachment.FileName,
                Convert.ToBase64String(attachment.Content),
                attachment.ContentType,
                attachment.ContentId is null ? "attachment" : "inline",
                attachment.ContentId);
        }

        message.AddCategory(mail.Template);
        message.AddCustomArg("idempotency_key", mail.MessageKey);
        message.AddCustomArg("fund", mail.FundId);
        return message;
    }

    // SendGrid explains refusals in its JSON body ("errors": [{"message": …, "field": …}]); keep it short, no addresses.
    private static async Task<string> ReasonAsync(Response response)
    {
        var body = response.Body is null ? string.Empty : await response.Body.ReadAsStringAsync();
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            var messages = document.RootElement.GetProperty("errors").EnumerateArray()
                .Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : null)
                .Where(m => m is not null);
            return string.Join("; ", messages);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "keine Begründung";
        }
    }
}
