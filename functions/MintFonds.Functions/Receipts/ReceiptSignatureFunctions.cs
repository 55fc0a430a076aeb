using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// The office uploads the signatory's facsimile signature (PNG) that machine-made receipts print (R 10b.1 Abs. 4 EStR
/// allows receipts without a handwritten signature; the facsimile is customary, not required). The fund records the
/// image's SHA-256, so a blob replaced behind its back is never printed.
/// </summary>
public sealed class ReceiptSignatureFunctions(HttpApi api, AdminAccess access, FundService funds, StorageAccount storage)
{
    public const int MaxBytes = 256 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Function(nameof(UploadReceiptSignature))]
    public Task<IActionResult> UploadReceiptSignature(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/funds/{fundId}/receipt-signature")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(UploadReceiptSignature), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(UploadReceiptSignature), cancellationToken);
            await funds.GetAsync(fundId, cancellationToken);
            if (!string.Equals(request.ContentType, "image/png", StringComparison.OrdinalIgnoreCase))
            {
                throw new ProblemException(Problems.UnsupportedMediaType(request.ContentType));
            }

            if (request.ContentLength > MaxBytes)
            {
                throw new ProblemException(Problems.TooLarge(MaxBytes));
            }

            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var png = buffer.ToArray();
            if (png.Length > MaxBytes)
            {
                throw new ProblemException(Problems.TooLarge(MaxBytes));
            }

            // The content decides, not the header: only a real PNG is stored.
            if (png.Length < 64 || !png.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature))
            {
                throw new ProblemException(Problems.Validation([new FieldError("body", "Erwartet wird ein PNG-Bild der Unterschrift.")]));
            }

            var sha = Convert.ToHexStringLower(SHA256.HashData(png));
            await storage.Container(BlobContainerNames.Attachments).GetBlobClient(ReceiptPublisher.FacsimileBlob(fundId)).UploadAsync(
                new BinaryData(png), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/png" } }, cancellationToken);
            var stored = await funds.SetFacsimileAsync(fundId, sha, by, cancellationToken);
            return ApiResult.Ok(new { sha256 = sha, bytes = png.Length, machineMadeReceipts = stored.Value.Operator.IssuesMachineMadeReceipts });
        });

    [Function(nameof(RemoveReceiptSignature))]
    public Task<IActionResult> RemoveReceiptSignature(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/funds/{fundId}/receipt-signature")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RemoveReceiptSignature), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RemoveReceiptSignature), cancellationToken);
            await funds.SetFacsimileAsync(fundId, null, by, cancellationToken);
            await storage.Container(BlobContainerNames.Attachments).GetBlobClient(ReceiptPublisher.FacsimileBlob(fundId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return ApiResult.NoContent();
        });
}
