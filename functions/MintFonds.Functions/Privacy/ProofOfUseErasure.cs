using Azure;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// What erasure and the end of retention do to a grant's proof of use (<c>use-{reference}</c> and its files):
/// <list type="bullet">
/// <item>on an erasure request the photos go at once: they rest on the school's confirmed consent alone and no duty keeps
/// them (domain rule: photos of identifiable children only with parental consent); the receipts and the report stay,
/// restricted with the grant, as vouchers of the payout;</item>
/// <item>when the grant's retention ends (the timer's purge), every file goes and the report's free text and the office's
/// message are emptied; the anonymous figures (participants per stage, money spent) stay for the statistics.</item>
/// </list>
/// Consistency: the blobs are deleted first, then the row stops naming them (ETag-guarded, <see cref="GuardedChange"/>).
/// A crash in between leaves a row naming files that are gone (the export skips a missing file); the next request or
/// timer run deletes again (404 is fine) and finishes the row, so no photo outlives its erasure unnamed.
/// </summary>
public sealed class ProofOfUseErasure(StorageAccount storage, ProofOfUseTable uses)
{
    public const string PhotoKind = "photo";

    /// <summary>Deletes the photos of a proof of use as the person's records found it; null when it had none.</summary>
    public async Task<PrivacyAction?> ErasePhotosAsync(ProofOfUse use, CancellationToken cancellationToken)
    {
        var (fundId, reference) = (use.FundId, use.Reference);
        var photos = use.Files.Where(f => f.Kind == PhotoKind).ToList();
        if (photos.Count == 0)
        {
            return null;
        }

        await DeleteAsync(fundId, reference, photos, cancellationToken);
        await GuardedChange.ApplyAsync(
            uses, fundId, PayoutRows.UseKey(reference),
            u => u.Files.Any(f => f.Kind == PhotoKind) ? u with { Files = [.. u.Files.Where(f => f.Kind != PhotoKind)] } : null,
            cancellationToken);
        return new("proof-of-use/" + reference, PrivacyActionKind.Erased,
            $"{photos.Count} Foto(s) des Verwendungsnachweises gelöscht: Sie beruhen allein auf der Einwilligung, keine Pflicht bewahrt sie auf. Belege und Bericht bleiben mit dem Antrag gesperrt.");
    }

    /// <summary>At the end of the grant's retention: all files deleted, free text emptied; null when there is no proof of use.</summary>
    public async Task<PrivacyAction?> PurgeAsync(string fundId, string reference, CancellationToken cancellationToken)
    {
        var use = (await uses.GetAsync(fundId, PayoutRows.UseKey(reference), cancellationToken))?.Value;
        if (use is null || (use.Files.Count == 0 && use.Report.Length == 0 && use.OfficeMessage is null))
        {
            return null;
        }

        await DeleteAsync(fundId, reference, use.Files, cancellationToken);
        await GuardedChange.ApplyAsync(
            uses, fundId, PayoutRows.UseKey(reference),
            u => u.Files.Count == 0 && u.Report.Length == 0 && u.OfficeMessage is null ? null : u with { Files = [], Report = string.Empty, OfficeMessage = null },
            cancellationToken);
        return new("proof-of-use/" + reference, PrivacyActionKind.Anonymised,
            "Aufbewahrungsfrist abgelaufen: Dateien des Verwendungsnachweises gelöscht, Bericht geleert; anonyme Kennzahlen (Teilnehmende, Ausgaben) bleiben.");
    }

    private async Task DeleteAsync(string fundId, string reference, IEnumerable<ProofOfUseFile> files, CancellationToken cancellationToken)
    {
        var container = storage.Container(BlobContainerNames.Attachments);
        foreach (var file in files)
        {
            try
            {
                await container.GetBlobClient(file.BlobName(fundId, reference)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Gone already (an earlier attempt): nothing left to delete.
            }
        }
    }
}
