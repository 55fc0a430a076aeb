using System.Security.Cryptography;
using System.Text;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Notifications;

/// <summary>
/// DeadLetters: PartitionKey = fund id ("unknown" when a message names none), RowKey = a hash of queue and message
/// text, so a redelivered poison message is recorded once, however often it arrives.
/// </summary>
public sealed class DeadLetterTable(StorageAccount storage) : DocumentTable<DeadLetter>(storage.Table(TableNames.DeadLetters))
{
    public const string UnknownFund = "unknown";

    public static string IdFor(string queue, string message) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(queue + "\n" + message)))[..32];

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(DeadLetter document) =>
    [
        new("Kind", document.Kind.ToString()),
        new("Status", document.Status.ToString()),
        new("Template", document.Template),
        new("RecordedAt", document.RecordedAt),
    ];
}
