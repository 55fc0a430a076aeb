using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using MintFonds.Core.Funds;
using MintFonds.Functions.Forms;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Applications;

/// <summary>
/// Makes a fresh status token for an application while its e-mail is composed, stores only the token's hash and
/// returns the link for that e-mail. The new hash replaces the old one, so a resent e-mail's link works and the
/// earlier link stops working.
/// Rows: the application's <c>StatusTokenHash</c> column is the truth; a lookup row <c>tok-{hash}</c> names the
/// reference, so that checking a token is a point read by the token's hash: every wrong token, for an existing
/// application or an unknown reference alike, misses the same way (no timing oracle).
/// Consistency: upsert the lookup row, then merge the hash column (unconditional), then delete the previous lookup
/// row. Repeating any step (the SDK's retry after a lost answer, the queue's retry after a failed send) is harmless: a
/// lookup row whose hash is not the application's current one opens nothing, and the e-mail finally sent carries the
/// token whose hash was merged last. An office change of the application replaces the whole row only with its ETag,
/// which the merge moves on, so that change is re-read and keeps the hash.
/// </summary>
public sealed class StatusLinkIssuer(StorageAccount storage, IOptions<FormSettings> forms)
{
    private readonly TableClient _table = storage.Table(TableNames.Applications);

    /// <returns>The link, or null when there is no status page or the application no longer exists.</returns>
    /// <remarks>
    /// The page is the fund's own (<c>contact.statusPageUrl</c>, e.g. its website embedding the form), else the status
    /// form this app serves (<see cref="FormSettings.PublicBaseUrl"/>).
    /// </remarks>
    public async Task<string?> IssueAsync(Fund fund, string reference, CancellationToken cancellationToken)
    {
        if ((fund.Contact.StatusPageUrl ?? forms.Value.StatusPageUrl) is not { } page)
        {
            return null;
        }

        var key = ApplicationRows.ApplicationKey(reference);
        var previous = await _table.GetEntityIfExistsAsync<TableEntity>(fund.Id, key, [ApplicationRows.StatusTokenHashColumn], cancellationToken);
        if (!previous.HasValue)
        {
            return null;
        }

        var token = StatusToken.Create();
        var hash = StatusToken.Hash(token);
        await _table.UpsertEntityAsync(ApplicationRows.TokenLookupEntity(fund.Id, hash, reference), TableUpdateMode.Replace, cancellationToken);
        try
        {
            await _table.UpdateEntityAsync(
                new TableEntity(fund.Id, key) { [ApplicationRows.StatusTokenHashColumn] = hash }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        if (previous.Value!.GetString(ApplicationRows.StatusTokenHashColumn) is { } old && old != hash)
        {
            await _table.DeleteEntityAsync(fund.Id, ApplicationRows.TokenLookupKey(old), ETag.All, cancellationToken);
        }

        return Link(page, fund.Id, reference, token);
    }

    /// <summary>The fund's status page with the access data in the fragment, which browsers never send to a server.</summary>
    public static string Link(string statusPage, string fundId, string reference, string token) => $"{statusPage}#{fundId}/{reference}/{token}";
}
