using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MintFonds.Core.Funds;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Forms;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Regions;

/// <summary>
/// A fund's own logo: uploaded by its office, served anonymously, printed on its documents and shown in its e-mails
/// and forms.
/// <para>
/// Where "which logo is current" lives: in the fund document (<see cref="Fund.Logo"/>), not in a row of its own. Every
/// reader of the logo (the public calls the forms read, each e-mail, each receipt, invoice and report) already holds the
/// fund document, so the logo costs them no extra read; a row of its own would add one read to every one of them. The
/// fund document is also what intake caches behind the rules gate (<see cref="RulesChanges"/>), but the logo is no
/// rule: like the facsimile signature it is written without rolling the gate (a cached fund with an older logo accepts
/// exactly the same applications). A settings change keeps the logo (<see cref="FundService.UpdateAsync"/>).
/// </para>
/// <para>
/// Consistency: the image is stored content-addressed (<c>{fundId}/logo/{sha256}.png|.jpg</c> in the
/// <c>branding</c> container), unconditionally: the same name always holds the same bytes, so a retried upload (whose
/// answer was lost) or a second upload of the same image writes the same blob again, and there is no "already exists"
/// to misread. Then the fund records it, ETag-guarded and retried on a concurrent change, and the change is audited
/// (<c>fund.logo.set</c> / <c>fund.logo.remove</c>). A crash after the upload leaves an unreferenced blob (never served:
/// the public route reads the fund first); a crash after the fund write but before the audit entry leaves the change
/// unaudited until the office repeats it (the repeat finds the logo already current and writes the entry). The
/// previous image is deleted after the switch, and every change also removes older images the fund does not name
/// (what a crash or a lost delete left), so no image outlives the next change unnamed.
/// </para>
/// </summary>
public sealed partial class FundLogoService(
    FundTable funds, AuditLog audit, StorageAccount storage, IOptions<FormSettings> forms, TimeProvider time, ILogger<FundLogoService> logger)
{
    public const int MaxBytes = 512 * 1024;

    /// <summary>Smallest and largest edge in pixels: smaller is unreadable in print, larger only costs bytes and memory.</summary>
    public const int MinPixels = 16;

    public const int MaxPixels = 4096;

    public static readonly IReadOnlyList<string> AcceptedTypes = [LogoImage.Png, LogoImage.Jpeg];

    /// <summary>Longer than any upload takes from its blob to its record (host.json: a function runs at most 5 minutes).</summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromMinutes(15);

    public static string BlobName(string fundId, FundLogo logo) =>
        $"{fundId}/logo/{logo.Sha256}{(logo.ContentType == LogoImage.Png ? ".png" : ".jpg")}";

    /// <summary>Checks the image, stores it and makes it the fund's current logo. The same image again changes nothing.</summary>
    public async Task<FundLogo> SetAsync(string fundId, string? declaredType, byte[] content, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var existing = await GetFundAsync(fundId, cancellationToken);
        if (existing.Value.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.Conflict("Der Fonds ist geschlossen; sein Logo kann nicht mehr geändert werden."));
        }

        var image = Check(declaredType, content);

        var logo = new FundLogo(
            Convert.ToHexStringLower(SHA256.HashData(content)), image.ContentType, image.Width, image.Height, content.Length, time.GetUtcNow());
        await Container().GetBlobClient(BlobName(fundId, logo)).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = logo.ContentType, CacheControl = "public, max-age=31536000, immutable" } },
            cancellationToken);

        var previous = await RecordAsync(fundId, logo, by, cancellationToken);
        await DeleteReplacedAsync(fundId, previous, logo);
        return previous?.Sha256 == logo.Sha256 ? previous : logo;
    }

    /// <summary>The fund has no logo from now on; removing twice changes nothing.</summary>
    public async Task RemoveAsync(string fundId, AdminPrincipal by, CancellationToken cancellationToken)
    {
        await GetFundAsync(fundId, cancellationToken);
        var previous = await RecordAsync(fundId, null, by, cancellationToken);
        await DeleteReplacedAsync(fundId, previous, null);
    }

    /// <summary>The fund's current logo record (one read of the fund), or null for an unknown fund or one without a logo.</summary>
    public async Task<FundLogo?> CurrentAsync(string fundId, CancellationToken cancellationToken) =>
        Slug.IsValid(fundId) ? (await funds.GetAsync(fundId, cancellationToken))?.Value.Logo : null;

    /// <summary>The bytes of the fund's logo, checked against its recorded hash; null when the blob is gone or not that image.</summary>
    public Task<byte[]?> ContentAsync(string fundId, FundLogo logo, CancellationToken cancellationToken) => BytesAsync(fundId, logo, cancellationToken);

    /// <summary>The fund's look on its documents: its primary colour and, when it has one, its logo (one blob read).</summary>
    public async Task<DocumentBrand> BrandAsync(Fund fund, CancellationToken cancellationToken) =>
        new(FundBranding.Of(fund).PrimaryColor, fund.Logo is { } logo ? await BytesAsync(fund.Id, logo, cancellationToken) : null);

    /// <summary>
    /// The logo's public address for forms and e-mails: the uploaded logo under this app's API (the base the forms use,
    /// <c>Forms:PublicBaseUrl</c> without its <c>/forms/</c>), versioned by its hash so caches refresh when it changes;
    /// else the fund's external <c>contact.logoUrl</c>; else null.
    /// </summary>
    public string? LogoUrl(Fund fund) =>
        (fund.Logo is { } logo ? LogoUrl(fund.Id, logo) : null) ?? fund.Contact.LogoUrl;

    /// <summary>The fund's look as its public answers give it (public calls, transparency): colours and logo address.</summary>
    public PublicBranding PublicBrandingOf(Fund fund) =>
        new(FundBranding.Of(fund).PrimaryColor, FundBranding.Of(fund).AccentColor, LogoUrl(fund));

    /// <summary>The uploaded logo's versioned public address; null when this app does not know its public address.</summary>
    public string? LogoUrl(string fundId, FundLogo logo) =>
        ApiBase(forms.Value.PublicBaseUrl) is { } api ? $"{api}/funds/{Uri.EscapeDataString(fundId)}/logo?v={logo.Version}" : null;

    /// <summary>The API's address from the forms' address, as the forms' own script derives it (common.js <c>apiBase</c>).</summary>
    public static string? ApiBase(string? formsBaseUrl)
    {
        var trimmed = formsBaseUrl?.Trim().TrimEnd('/');
        return trimmed is not null && trimmed.EndsWith("/forms", StringComparison.Ordinal) ? trimmed[..^"/forms".Length] : null;
    }

    private static LogoImage Check(string? declaredType, byte[] content)
    {
        var declared = declaredType?.Split(';')[0].Trim().ToLowerInvariant();
        if (declared is null || !AcceptedTypes.Contains(declared))
        {
            throw new ProblemException(UnsupportedType(declaredType, "Content-Type", "Bitte 'image/png' oder 'image/jpeg' senden."));
        }

        if (content.Length > MaxBytes)
        {
            throw new ProblemException(Problems.TooLarge(MaxBytes));
        }

        // The content decides, not the header: a body that is not what its Content-Type says is refused.
        var sniffed = LogoImage.Sniff(content);
        if (sniffed != declared)
        {
            throw new ProblemException(UnsupportedType(
                declaredType, "body", sniffed is null ? "Der Inhalt ist weder ein PNG- noch ein JPEG-Bild." : $"Der Inhalt ist ein {Label(sniffed)}-Bild, angegeben war {Label(declared)}."));
        }

        var image = LogoImage.Read(content)
            ?? throw new ProblemException(Problems.Validation([new FieldError("body", "Der Bildkopf ist unvollständig oder beschädigt.")]));
        if (image.Width is < MinPixels or > MaxPixels || image.Height is < MinPixels or > MaxPixels)
        {
            throw new ProblemException(Problems.Validation([new FieldError(
                "body", $"Das Logo misst {image.Width} × {image.Height} Pixel; erlaubt sind {MinPixels} bis {MaxPixels} Pixel je Seite.")]));
        }

        // Checked once here, so that no receipt, invoice or report can later fail on an image PDFsharp cannot place.
        if (!Letterhead.CanPrint(content))
        {
            throw new ProblemException(Problems.Validation([new FieldError("body", "Das Bild lässt sich nicht in Dokumente einsetzen. Bitte als einfaches PNG oder JPEG speichern.")]));
        }

        return image;
    }

    private static ApiProblem UnsupportedType(string? declaredType, string field, string message) =>
        Problems.UnsupportedMediaType(declaredType) with
        {
            Detail = $"Erwartet wird ein Logo als 'image/png' oder 'image/jpeg', erhalten wurde '{declaredType ?? "(keine Angabe)"}'. {message}",
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
        };

    private static string Label(string type) => type == LogoImage.Png ? "PNG" : "JPEG";

    /// <returns>The logo the fund had before (null: none).</returns>
    private async Task<FundLogo?> RecordAsync(string fundId, FundLogo? logo, AdminPrincipal by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var existing = await GetFundAsync(fundId, cancellationToken);
            var previous = existing.Value.Logo;
            if (previous?.Sha256 == logo?.Sha256)
            {
                // Already current (a repeat, or our own write whose answer was lost): make sure it is audited once.
                if (logo is not null && !await AuditedAsync(fundId, logo.Sha256, cancellationToken))
                {
                    await AuditAsync(fundId, "fund.logo.set", by, null, logo.Sha256, cancellationToken);
                }

                return previous;
            }

            try
            {
                await funds.ReplaceAsync(
                    FundTable.Partition, fundId, existing.Value with { Logo = logo, UpdatedAt = time.GetUtcNow() }, existing.ETag, cancellationToken);
                await AuditAsync(fundId, logo is null ? "fund.logo.remove" : "fund.logo.set", by, previous?.Sha256, logo?.Sha256, cancellationToken);
                return previous;
            }
            catch (StorageConflictException)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<bool> AuditedAsync(string fundId, string sha256, CancellationToken cancellationToken) =>
        (await audit.ListAsync(fundId, 20, cancellationToken)).Any(e => e.Action == "fund.logo.set" && e.ToState == sha256);

    private Task AuditAsync(string fundId, string action, AdminPrincipal by, string? from, string? to, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry { Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId, Target = $"fund/{fundId}/logo", FromState = from, ToState = to },
            cancellationToken);

    /// <summary>
    /// After a change: the replaced image goes at once, and any other image under the fund's prefix that the fund does
    /// not name and that is older than <see cref="InFlight"/> goes too (what a crash between upload and record, a lost
    /// delete or a lost race left). Younger ones are spared: they may belong to an upload that has not recorded yet. One
    /// listing of a handful of blobs per change, never a scan of the container.
    /// </summary>
    private async Task DeleteReplacedAsync(string fundId, FundLogo? previous, FundLogo? current)
    {
        var keep = current is null ? null : BlobName(fundId, current);
        var cutoff = time.GetUtcNow() - InFlight;
        try
        {
            if (previous is not null && previous.Sha256 != current?.Sha256)
            {
                await Container().GetBlobClient(BlobName(fundId, previous)).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }

            await foreach (var blob in Container().GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{fundId}/logo/", CancellationToken.None))
            {
                if (blob.Name != keep && blob.Properties.LastModified is { } modified && modified < cutoff)
                {
                    await Container().GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
                }
            }
        }
        catch (RequestFailedException ex)
        {
            LogDeleteFailed(logger, ex, fundId);
        }
    }

    /// <summary>The bytes, checked against the recorded hash: a blob replaced behind the fund's back is never shown.</summary>
    private async Task<byte[]?> BytesAsync(string fundId, FundLogo logo, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await Container().GetBlobClient(BlobName(fundId, logo)).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            return Convert.ToHexStringLower(SHA256.HashData(content)) == logo.Sha256 ? content : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<Stored<Fund>> GetFundAsync(string fundId, CancellationToken cancellationToken) =>
        (Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null)
        ?? throw new ProblemException(Problems.NotFound($"Es gibt keinen Fonds '{fundId}'."));

    private Azure.Storage.Blobs.BlobContainerClient Container() => storage.Container(BlobContainerNames.Branding);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The replaced logo of fund {FundId} could not be deleted; it stays as an unreferenced blob")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string fundId);
}
