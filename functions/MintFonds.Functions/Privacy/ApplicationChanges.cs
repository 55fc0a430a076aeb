using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// An ETag-guarded change of one application row, read whole (the status token hash lives in its own column and must
/// be written back as read). A 412 re-reads: if the change is in place (someone else's, or our own write whose answer
/// was lost), nothing more is written.
/// </summary>
public static class ApplicationChanges
{
    private const int MaxAttempts = 10;

    /// <param name="table">The Applications table.</param>
    /// <param name="fundId">The fund.</param>
    /// <param name="reference">The application.</param>
    /// <param name="change">The changed application, or null when it already is as wanted.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The application as stored afterwards, or null if there is none.</returns>
    public static async Task<Application?> ApplyAsync(
        TableClient table, string fundId, string reference, Func<Application, Application?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(fundId, ApplicationRows.ApplicationKey(reference), cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return null;
            }

            var current = ApplicationRows.ReadApplication(row.Value!);
            if (change(current) is not { } changed)
            {
                return current;
            }

            try
            {
                await table.UpdateEntityAsync(ApplicationRows.ApplicationEntity(changed, row.Value!.ETag), row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new InvalidOperationException($"Application {reference} of fund {fundId} kept changing.");
    }
}
