using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Regions;

/// <summary>
/// The fund's own logo: the office uploads (PNG or JPEG, checked by content) or removes it; anyone reads it, because
/// the fund's forms, e-mails and website show it (thin: authorise, read the body, delegate to <see cref="FundLogoService"/>).
/// </summary>
public sealed partial class FundLogoFunctions(HttpApi api, AdminAccess access, FundLogoService logos)
{
    [Function(nameof(UploadFundLogo))]
    public Task<IActionResult> UploadFundLogo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/funds/{fundId}/logo")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(UploadFundLogo), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(UploadFundLogo), cancellationToken);
            if (request.ContentLength > FundLogoService.MaxBytes)
            {
                throw new ProblemException(Problems.TooLarge(FundLogoService.MaxBytes));
            }

            var content = await ReadAtMostAsync(request.Body, FundLogoService.MaxBytes + 1, cancellationToken);
            var logo = await logos.SetAsync(fundId, request.ContentType, content, by, cancellationToken);
            return ApiResult.Ok(new FundLogoAnswer(logo.Sha256, logo.ContentType, logo.Width, logo.Height, logo.Bytes, logos.LogoUrl(fundId, logo)));
        });

    [Function(nameof(RemoveFundLogo))]
    public Task<IActionResult> RemoveFundLogo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/funds/{fundId}/logo")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RemoveFundLogo), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RemoveFundLogo), cancellationToken);
            await logos.RemoveAsync(fundId, by, cancellationToken);
            return ApiResult.NoContent();
        });

    [Function(nameof(GetFundLogo))]
    public Task<IActionResult> GetFundLogo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "funds/{fundId}/logo")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetFundLogo), async () =>
        {
            var version = QueryParameters.Once(request.Query, "v");
            if (version is not null && !LogoVersion().IsMatch(version))
            {
                throw QueryParameters.Bad("v", "Erwartet wird die Version des Logos aus seiner Adresse (16 Hex-Ziffern).");
            }

            // One read of the fund decides; the image is read only when the client does not have it yet.
            var current = await logos.CurrentAsync(fundId, cancellationToken)
                ?? throw new ProblemException(Problems.NotFound($"Der Fonds '{fundId}' hat kein Logo."));
            if (LogoResult.Matches(request, current))
            {
                return new LogoResult(current, null, version);
            }

            var content = await logos.ContentAsync(fundId, current, cancellationToken)
                ?? throw new ProblemException(Problems.NotFound($"Der Fonds '{fundId}' hat kein Logo."));
            return new LogoResult(current, content, version);
        });

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{16}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial System.Text.RegularExpressions.Regex LogoVersion();

    /// <summary>Reads at most <paramref name="limit"/> bytes: a body without a Content-Length cannot make us buffer more.</summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit];
        var filled = 0;
        int read;
        while (filled < limit && (read = await body.ReadAsync(buffer.AsMemory(filled, limit - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return buffer[..filled];
    }
}

/// <summary>What the upload answers: the stored image and the address the forms and e-mails use from now on.</summary>
public sealed record FundLogoAnswer(string Sha256, string ContentType, int Width, int Height, int Bytes, string? LogoUrl);
