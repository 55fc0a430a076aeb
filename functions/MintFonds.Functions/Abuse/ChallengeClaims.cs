using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Abuse;

/// <summary>A challenge marked used for one request; <paramref name="Fresh"/> when this request made the mark.</summary>
public sealed record ChallengeClaim(string PartitionKey, ETag ETag, bool Fresh);

/// <summary>
/// Marks a form challenge used, so that one challenge (one opened form, one proof of work) serves one submission:
/// a row "challenge|{issue hour}|{challenge id}" / "used" in the Counters table holding a hash of the request it serves (the
/// Idempotency-Key and the exact body; never the body itself). The same request again (a retry after a lost answer, a
/// double click) finds its own mark and goes on to the submission's own replay handling; another request gets 409.
/// Consistency: the mark is inserted before the submission is stored. A 409 on the insert is read back and compared:
/// the SDK's retry of our own insert whose answer was lost finds our hash and counts as ours. If the submission is then
/// refused (a 4xx problem: nothing was stored), a mark this request made is deleted again (by its ETag), so the
/// corrected form can be sent with the same challenge; a crash in between leaves a mark, and the form must be
/// reloaded (409 says so). Marks are written only for submissions that pass every limit and are not taken for a bot,
/// and are never read once their challenge has expired.
/// </summary>
public sealed class ChallengeClaims(StorageAccount storage, TimeProvider time)
{
    public const string Series = "challenge";

    private const string Row = "used";
    private const string RequestHashColumn = "RequestHash";

    private readonly TableClient _table = storage.Table(TableNames.Counters);

    /// <summary>The hash a mark holds: Idempotency-Key (if any) and the exact body bytes.</summary>
    public static string RequestHash(byte[] body, string? idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes((idempotencyKey ?? string.Empty) + "|"), .. body]));

    public async Task<ChallengeClaim> ClaimAsync(VerifiedChallenge challenge, string requestHash, CancellationToken cancellationToken)
    {
        // The issue hour first, so the sweep can remove expired marks by a key range (CounterSweep).
        var partition = $"{Series}|{challenge.IssuedAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}|{challenge.Id}";
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                var added = await _table.AddEntityAsync(
                    new TableEntity(partition, Row) { [RequestHashColumn] = requestHash, ["ClaimedAt"] = time.GetUtcNow() }, cancellationToken);
                return new ChallengeClaim(partition, added.Headers.ETag ?? ETag.All, Fresh: true);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var stored = await _table.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: cancellationToken);
                if (stored.HasValue)
                {
                    return stored.Value!.GetString(RequestHashColumn) == requestHash
                        ? new ChallengeClaim(partition, stored.Value.ETag, Fresh: false)
                        : throw new ProblemException(Problems.FormChallengeUsed(FormChallenges.ChallengeHeader));
                }

                // Given back in between by a refused request: try again.
            }
        }

        throw new ProblemException(Problems.FormChallengeUsed(FormChallenges.ChallengeHeader));
    }

    /// <summary>Gives a mark this request made back (the submission was refused, nothing stored). Best effort.</summary>
    public async Task ReleaseAsync(ChallengeClaim claim)
    {
        if (!claim.Fresh)
        {
            return;
        }

        try
        {
            await _table.DeleteEntityAsync(claim.PartitionKey, Row, claim.ETag, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Gone already, no longer ours to give back, or storage not answering: the refusal stands either way, and
            // a mark left behind only means that the form must be reloaded.
        }
    }
}
