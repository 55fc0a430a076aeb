using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Audit;

/// <summary>
/// Checks a subject's hash chain (<see cref="AuditChain"/>) from the head back to the first entry, walking the trail
/// newest first (row-key order is chain order), at most <see cref="RowsPerCall"/> rows per call: a longer trail is
/// continued with the returned token, which carries where the walk stands. Verification reads the whole trail; that
/// is its point, so it is paged instead of bounded. For each chained entry it checks that the entry has the expected
/// sequence number (none missing, none inserted), that its hash matches its content (not altered) and that it is the
/// hash the next entry (or the head) names. It stops at the first broken link it meets and names it. Unchained rows
/// (refusals, entries from before the chain existed) are skipped; entries added after the walk began (a sequence
/// above the head it started from) too.
/// </summary>
public sealed class AuditVerifier(StorageAccount storage)
{
    public const int RowsPerCall = 2000;

    private const int PageSize = 1000;

    private readonly TableClient _table = storage.Table(TableNames.Audit);

    public async Task<AuditVerification> VerifyAsync(string subject, string? continuationToken, CancellationToken cancellationToken)
    {
        var walk = continuationToken is null ? await StartAsync(subject, cancellationToken) : Walk.Decode(continuationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subject} and RowKey ne {AuditChain.HeadKey}");
        var rows = 0;
        string? serviceToken = walk.ServiceToken;
        try
        {
            await foreach (var page in _table.QueryAsync<TableEntity>(filter, PageSize, ["Json"], cancellationToken).AsPages(walk.ServiceToken, PageSize))
            {
                foreach (var row in page.Values)
                {
                    var entry = DocumentTable<AuditEntry>.ToStored(row).Value;
                    if (entry.Sequence is not { } sequence || sequence > walk.HeadSequence)
                    {
                        continue;
                    }

                    walk = walk with { Checked = walk.Checked + 1 };
                    if (Check(walk, entry) is { } broken)
                    {
                        return walk.Answer(broken, null);
                    }

                    walk = walk with { Expected = sequence - 1, ExpectedHash = entry.PreviousHash ?? string.Empty };
                }

                rows += page.Values.Count;
                serviceToken = page.ContinuationToken;
                if (string.IsNullOrEmpty(serviceToken))
                {
                    break;
                }

                if (rows >= RowsPerCall)
                {
                    return walk.Answer(null, (walk with { ServiceToken = serviceToken }).Encode());
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuationToken is not null)
        {
            throw BadToken();
        }

        // The walk reached the oldest row: every entry down to number 1 must have been met, and number 1 starts the chain.
        var end = walk.Expected > 0
            ? new AuditBrokenLink(walk.Expected, null, "missing: the entry is not in the trail")
            : walk.ExpectedHash != AuditChain.Genesis
                ? new AuditBrokenLink(1, null, "the first entry does not start the chain")
                : null;
        return walk.Answer(end, null);
    }

    private static AuditBrokenLink? Check(Walk walk, AuditEntry entry) =>
        entry.Sequence < walk.Expected ? new AuditBrokenLink(walk.Expected, null, "missing: the entry is not in the trail")
        : entry.Sequence > walk.Expected ? new AuditBrokenLink(entry.Sequence!.Value, entry.Id, "out of place: a second entry with this number, or one inserted")
        : AuditChain.HashOf(entry) != entry.Hash ? new AuditBrokenLink(walk.Expected, entry.Id, "altered: the content does not match its hash")
        : entry.Hash != walk.ExpectedHash ? new AuditBrokenLink(walk.Expected, entry.Id, "replaced: the next entry names another hash")
        : null;

    private async Task<Walk> StartAsync(string subject, CancellationToken cancellationToken)
    {
        var head = await _table.GetEntityIfExistsAsync<TableEntity>(subject, AuditChain.HeadKey, cancellationToken: cancellationToken);
        var (sequence, hash, _) = AuditChain.Read(head.HasValue ? head.Value : null);
        return new Walk(sequence, sequence, hash, 0, null);
    }

    private static ProblemException BadToken() =>
        QueryParameters.Bad("continuationToken", "Dieses Fortsetzungszeichen ist ungültig; bitte die Prüfung ohne es neu beginnen.");

    /// <summary>Where a paged walk stands; travels as the continuation token (base64url JSON).</summary>
    private sealed record Walk(long HeadSequence, long Expected, string ExpectedHash, long Checked, string? ServiceToken)
    {
        public AuditVerification Answer(AuditBrokenLink? broken, string? next) =>
            new(HeadSequence, Checked, broken is null, next is null, broken, next);

        public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

        public static Walk Decode(string token)
        {
            try
            {
                if (token.Length <= 4096 && Base64Url.IsValid(token)
                    && JsonSerializer.Deserialize<Walk>(Base64Url.DecodeFromChars(token)) is { Expected: >= 0, ExpectedHash: not null, ServiceToken: not null } walk
                    && walk.Expected <= walk.HeadSequence)
                {
                    return walk;
                }
            }
            catch (JsonException)
            {
            }

            throw BadToken();
        }
    }
}

/// <param name="HeadSequence">The number of the newest chained entry when the walk began.</param>
/// <param name="Checked">Chained entries checked so far.</param>
/// <param name="Intact">No broken link met so far (on the last page: none at all).</param>
/// <param name="Complete">The walk reached the first entry or a broken link; otherwise continue with the token.</param>
/// <param name="FirstBrokenLink">The first broken link met walking from the newest entry back; null if none.</param>
public sealed record AuditVerification(
    long HeadSequence, long Checked, bool Intact, bool Complete, AuditBrokenLink? FirstBrokenLink, string? ContinuationToken);

/// <param name="Sequence">The chain position where the link breaks.</param>
/// <param name="EntryId">The entry found there, if any.</param>
/// <param name="Problem">What is wrong: missing, out of place, altered or replaced.</param>
public sealed record AuditBrokenLink(long Sequence, string? EntryId, string Problem);
