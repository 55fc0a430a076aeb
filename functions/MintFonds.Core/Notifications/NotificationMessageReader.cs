using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Notifications;

/// <summary>
/// Reads a queue message into a <see cref="NotificationMessage"/> and says precisely why one is unusable, so that a
/// malformed message can be dead-lettered at once instead of being retried pointlessly.
/// </summary>
public static class NotificationMessageReader
{
    public static readonly IReadOnlySet<string> Cultures = new HashSet<string>(StringComparer.Ordinal) { "de", "en" };

    public static (NotificationMessage? Message, string? Problem) Read(string text, IReadOnlySet<string> knownTemplates)
    {
        NotificationMessage? message;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "Die Nachricht ist kein JSON-Objekt.");
            }

            if (!document.RootElement.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
                || version.GetInt32() != NotificationMessage.CurrentSchemaVersion)
            {
                return (null, $"Unbekannte Schema-Version (erwartet: {NotificationMessage.CurrentSchemaVersion}).");
            }

            message = document.RootElement.Deserialize<NotificationMessage>(MintFondsJson.Storage);
        }
        catch (JsonException ex)
        {
            return (null, $"Die Nachricht ist kein gültiges JSON ({ex.GetType().Name}).");
        }
        catch (FormatException)
        {
            return (null, "Die Schema-Version ist keine ganze Zahl.");
        }

        if (message is null)
        {
            return (null, "Die Nachricht ist leer.");
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(message.MessageKey) || message.MessageKey.Length > 400)
        {
            problems.Add("messageKey fehlt oder ist länger als 400 Zeichen");
        }

        if (!knownTemplates.Contains(message.Template ?? string.Empty))
        {
            problems.Add($"unbekannte Vorlage '{message.Template}'");
        }

        if (!Cultures.Contains(message.Culture ?? string.Empty))
        {
            problems.Add($"unbekannte Sprache '{message.Culture}'");
        }

        if (!Slug.IsValid(message.FundId))
        {
            problems.Add("fundId fehlt oder ist ungültig");
        }

        if (message.To is null || message.To.Count == 0)
        {
            problems.Add("kein Empfänger");
        }
        else if (message.To.Any(r => r is null || !EmailAddress.IsValid(r.Email)))
        {
            problems.Add("ein Empfänger hat keine gültige E-Mail-Adresse");
        }

        if (message.Data.ValueKind != JsonValueKind.Object)
        {
            problems.Add("data ist kein Objekt");
        }

        if (message.Attachments?.Any(a => a is null || string.IsNullOrEmpty(a.Container) || string.IsNullOrEmpty(a.BlobName) || string.IsNullOrEmpty(a.FileName)) == true)
        {
            problems.Add("ein Anhang ist unvollständig");
        }

        if (message.QrCodes?.Any(q => q is null || string.IsNullOrEmpty(q.Payload) || q.Payload.Length > 1000 || string.IsNullOrEmpty(q.ContentId)) == true)
        {
            problems.Add("ein QR-Code ist unvollständig");
        }

        if (message.StatusLinkFor is { } reference && !Applications.ApplicationReference.IsWellFormed(reference))
        {
            problems.Add("statusLinkFor ist kein Aktenzeichen");
        }

        return problems.Count == 0 ? (message, null) : (null, "Die Nachricht ist unvollständig: " + string.Join("; ", problems) + ".");
    }
}
