using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace MintFonds.Functions.Audit;

/// <summary>
/// The tamper evidence of the audit trail: per subject (fund, or "platform") every entry that records something done
/// carries its place in a hash chain (<see cref="AuditEntry.Sequence"/>), the hash of the entry before it and its own
/// hash. A head row in the subject's partition (<see cref="HeadKey"/>) holds the last sequence number, hash and time.
/// <para>
/// Consistency: the new entry and the advanced head are written in ONE table transaction, the head replaced only if
/// unchanged since it was read (ETag). Two entries racing for the same place: one transaction wins, the other fails
/// with 409/412 and is built again on the new head, so the chain never forks. A transaction committed while its
/// answer was lost is recognised by its own row (the row key holds a fresh GUID): the entry is there, so it is done.
/// Each entry's time is at least one tick after the previous entry's, so row-key order (newest first) is chain order
/// even across instances with slightly different clocks; verification can therefore walk the trail page by page.
/// </para>
/// <para>
/// Refusals are stored but not chained: they are written for anonymous callers, up to the audit-flood limits, and
/// chaining them would make every refused request contend for the head row with the office's own actions, so a
/// flood could delay or starve the entries that matter. They record attempts that changed nothing.
/// </para>
/// The hash covers a fixed JSON form of the entry (own serializer options, nulls omitted: adding a nullable field
/// later leaves old hashes valid). An attacker with write access to the table can rewrite the whole chain up to the
/// head, but not without every earlier copy (the nightly backups in the immutable container) disagreeing.
/// </summary>
public static class AuditChain
{
    public const string HeadKey = "!chain-head";

    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public const string SequenceColumn = "Sequence";

    public const string HashColumn = "Hash";

    public const string AtColumn = "At";

    private static readonly JsonSerializerOptions HashForm = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>SHA-256 (lower-case hex) of the entry without its own hash.</summary>
    public static string HashOf(AuditEntry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry with { Hash = null }, HashForm))));

    /// <summary>The head's state: last sequence number, its hash and its time; (0, genesis, min) before the first entry.</summary>
    public static (long Sequence, string Hash, DateTimeOffset At) Read(TableEntity? head) =>
        head is null
            ? (0, Genesis, DateTimeOffset.MinValue)
            : (head.GetInt64(SequenceColumn) ?? 0, head.GetString(HashColumn) ?? Genesis, head.GetDateTimeOffset(AtColumn) ?? DateTimeOffset.MinValue);

    public static TableEntity Head(string subject, AuditEntry last, TableEntity? current) =>
        new(subject, HeadKey)
        {
            [SequenceColumn] = last.Sequence ?? 0,
            [HashColumn] = last.Hash,
            [AtColumn] = last.At,
            ETag = current?.ETag ?? default,
        };
}
