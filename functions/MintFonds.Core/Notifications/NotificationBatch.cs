using System.Text;
using System.Text.Json;
using MintFonds.Core.Json;

namespace MintFonds.Core.Notifications;

/// <summary>
/// Several e-mail jobs in one message of the notifications queue: a JSON array of <see cref="NotificationMessage"/>s
/// (one job alone stays a plain object). One state change that causes several e-mails (an application: the applicant's
/// confirmation and the office's notice) then costs one queue message, not one per e-mail. The sender handles each
/// element as if it had come alone, each exactly once by its message key.
/// </summary>
public static class NotificationBatch
{
    /// <summary>
    /// What one message may hold: a table property keeps 32K characters (the outbox row), a queue message 64 KiB after
    /// base64 (48 KiB of text).
    /// </summary>
    public const int MaxCharacters = 30_000;

    public const int MaxUtf8Bytes = 45_000;

    public static string Serialize(IReadOnlyList<NotificationMessage> messages) => messages.Count == 1
        ? JsonSerializer.Serialize(messages[0], MintFondsJson.Storage)
        : JsonSerializer.Serialize(messages, MintFondsJson.Storage);

    public static bool Fits(string text) => text.Length <= MaxCharacters && Encoding.UTF8.GetByteCount(text) <= MaxUtf8Bytes;

    /// <summary>The jobs in a queue message's text, each as its own text; anything but an array is one job (even if malformed).</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Select(element => element.GetRawText())]
                : [text];
        }
        catch (JsonException)
        {
            return [text];
        }
    }
}
