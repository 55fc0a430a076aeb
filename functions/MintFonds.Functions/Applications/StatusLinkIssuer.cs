using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Applications;

/// <summary>
/// Makes a fresh status token for an application while its e-mail is composed, stores only the token's hash and
/// returns the link for that e-mail. The new hash replaces the old one, so a resent e-mail's link works and the
/// earlier link stops working.
/// Consistency: one merge of the hash column, unconditional. Repeating it (the SDK's retry after a lost answer, the
/// queue's retry after a failed send) writes another hash and the e-mail that is finally sent carries the matching
/// token; an office change of the application replaces the whole row only with its ETag, which the merge moves on,
/// so that change is re-read and keeps the hash.
/// </summary>
public sealed class StatusLinkIssuer(StorageAccount storage)
{
    private readonly TableClient _table = storage.Table(TableNames.Applications);

    /// <returns>The link, or null when the fund has no status page or the application no longer exists.</returns>
    public async Task<string?> IssueAsync(Fund fund, string reference, CancellationToken cancellationToken)
    {
        if (fund.Contact.StatusPageUrl is not { } page)
        {
            return null;
        }

        var token = StatusToken.Create();
        var hash = new TableEntity(fund.Id, ApplicationRows.ApplicationKey(reference))
        {
            [ApplicationRows.StatusTokenHashColumn] = StatusToken.Hash(token),
        };
        try
        {
            await _table.UpdateEntityAsync(hash, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        return Link(page, fund.Id, reference, token);
    }

    /// <summary>The fund's status page with the access data in the fragment, which browsers never send to a server.</summary>
    public static string Link(string statusPage, string fundId, string reference, string token) => $"{statusPage}#{fundId}/{reference}/{token}";
}
