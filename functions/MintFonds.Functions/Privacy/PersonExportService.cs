using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Json;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Core.Privacy;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>A row of the delivery ledger as exported: which e-mail, when, how it ended; no address is stored there.</summary>
public sealed record EmailDelivery(string MessageKey, string? Template, string? State, int? Attempts, DateTimeOffset? ClaimedAt, DateTimeOffset? SentAt, string? Transport);

/// <summary>A file in the export ZIP, and which stored blob it is a copy of.</summary>
public sealed record ExportedFile(string Path, string Container, string BlobName, string ContentType, long Size, string Sha256);

/// <summary>The <c>data.json</c> of an export (format <c>mintfonds-person-export/1</c>).</summary>
public sealed record PersonExportData(
    string Format,
    string FundId,
    string FundName,
    DateTimeOffset ExportedAt,
    string Email,
    string Note,
    IReadOnlyList<Application> Applications,
    IReadOnlyList<Sponsor> Sponsors,
    IReadOnlyList<Pledge> Pledges,
    IReadOnlyList<SponsorChangeProposal> SponsorProposals,
    IReadOnlyList<Payment> Payments,
    IReadOnlyList<ReceiptRecord> Receipts,
    IReadOnlyList<Payouts.ProofOfUse> ProofsOfUse,
    IReadOnlyList<EmailDelivery> EmailDeliveries,
    IReadOnlyList<DeadLetter> DeadLetters,
    IReadOnlyList<AuditEntry> AuditEntries,
    IReadOnlyList<ExportedFile> Files);

/// <summary>
/// The right of access (Art. 15 DSGVO): one ZIP with <c>data.json</c> (every record of the person in the fund, as
/// stored, restricted ones included with their restriction) and the documents under <c>files/</c>: receipt and invoice
/// PDFs, GiroCode images, the files of a grant's proof of use (receipts, photos), and the e-mails of the local outbox (.eml). A ZIP, not JSON with base64: the person opens the
/// PDFs and e-mails directly, and documents are not inflated by a third. Found through the index alone (see
/// <see cref="PersonRecordFinder"/>); only read, never changed; audited with counts, no personal data.
/// One fund per export, also for platform administrators: each fund has its own operator, who answers for its data,
/// so one fund's answer must not carry another's records. A platform administrator asks each fund in turn.
/// </summary>
public sealed partial class PersonExportService(
    StorageAccount storage, FundService funds, PersonRecordFinder finder, AuditLog audit, TimeProvider time, ILogger<PersonExportService> logger)
{
    public const string Format = "mintfonds-person-export/1";

    private static readonly JsonSerializerOptions Indented = new(MintFondsJson.Api) { WriteIndented = true };

    public async Task<(byte[] Zip, string FileName)> ExportAsync(string fundId, string email, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var fund = (await funds.GetAsync(fundId, cancellationToken)).Value;
        var records = await finder.FindAsync(fundId, PersonKey.For(email), cancellationToken);
        var now = time.GetUtcNow();
        var auditEntries = new List<AuditEntry>();
        foreach (var target in records.AuditTargets().Distinct(StringComparer.Ordinal))
        {
            auditEntries.AddRange(await audit.ListForTargetAsync(fundId, target, cancellationToken));
        }

        using var buffer = new MemoryStream();
        var files = new List<ExportedFile>();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (container, blobName, contentType, path) in Files(records))
            {
                if (await DownloadAsync(container, blobName, cancellationToken) is { } bytes)
                {
                    await AddAsync(zip, path, bytes, now, cancellationToken);
                    files.Add(new ExportedFile(path, container, blobName, contentType, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
                }
            }

            var data = new PersonExportData(
                Format, fund.Id, fund.Name, now, PersonKey.Normalise(email),
                "Alle Angaben, die dieser Fonds zu der E-Mail-Adresse gespeichert hat (Art. 15 DSGVO). Gesperrte Einträge (restriction) werden nur noch für die genannte Aufbewahrungspflicht aufbewahrt.",
                [.. records.Applications.Select(a => a.Value with { StatusTokenHash = null })],
                [.. records.Sponsors.Select(s => s.Value)],
                [.. records.Pledges.Select(p => p.Value)],
                records.Proposals,
                [.. records.Payments.Select(p => p.Value)],
                [.. records.Receipts.Select(r => r.Value)],
                [.. records.ProofsOfUse.Select(u => u with { SubmissionKeys = [] })],
                [.. records.Deliveries.Select(Delivery)],
                records.DeadLetters,
                [.. auditEntries.OrderByDescending(e => e.At)],
                files);
            await AddAsync(zip, "data.json", JsonSerializer.SerializeToUtf8Bytes(data, Indented), now, cancellationToken);
        }

        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "privacy.export", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"applications={records.Applications.Count} sponsors={records.Sponsors.Count} pledges={records.Pledges.Count} payments={records.Payments.Count} receipts={records.Receipts.Count} files={files.Count}"),
            },
            cancellationToken);
        LogExported(logger, fundId, records.Applications.Count + records.Sponsors.Count + records.Pledges.Count + records.Payments.Count + records.Receipts.Count, files.Count);
        return (buffer.ToArray(), string.Create(CultureInfo.InvariantCulture, $"auskunft-{fundId}-{RetentionPlanner.BerlinDay(now):yyyyMMdd}.zip"));
    }

    private static IEnumerable<(string Container, string BlobName, string ContentType, string Path)> Files(PersonRecords records)
    {
        foreach (var receipt in records.Receipts.Where(r => r.Value.AnonymisedAt is null))
        {
            yield return (BlobContainerNames.Receipts, receipt.Value.BlobName, "application/pdf", $"files/receipts/{receipt.Value.Number}.pdf");
        }

        foreach (var use in records.ProofsOfUse)
        {
            foreach (var file in use.Files)
            {
                yield return (BlobContainerNames.Attachments, file.BlobName(use.FundId, use.Reference), file.ContentType,
                    $"files/proof-of-use/{use.Reference}/{file.Id}{Extension(file.ContentType)}");
            }
        }

        foreach (var image in records.GiroCodes)
        {
            yield return (image.Container, image.BlobName, image.ContentType, image.ExportPath);
        }

        foreach (var (mail, index) in records.MailArtefacts.Where(a => a.Kind == MailArtefactKind.OutboxMail && a.BlobName is not null).Select((m, i) => (m, i)))
        {
            yield return (BlobContainerNames.MailOutbox, mail.BlobName!, "message/rfc822", $"files/emails/{index + 1:D3}-{mail.BlobName![(mail.BlobName!.LastIndexOf('/') + 1)..]}");
        }
    }

    /// <summary>So the person's computer opens an exported file with the right program (stored names carry no extension).</summary>
    private static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        _ => string.Empty,
    };

    private async Task<byte[]?> DownloadAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return (await storage.Container(container).GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // An index row whose file is gone (see PersonIndex): nothing to hand out.
        }
    }

    private static async Task AddAsync(ZipArchive zip, string path, byte[] bytes, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = at;
        await using var stream = entry.Open();
        await stream.WriteAsync(bytes, cancellationToken);
    }

    private static EmailDelivery Delivery(TableEntity row) => new(
        row.GetString("MessageKey"), row.GetString("Template"), row.GetString("State"), row.GetInt32("Attempts"),
        row.GetDateTimeOffset("ClaimedAt"), row.GetDateTimeOffset("SentAt"), row.GetString("Transport"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal data export of fund {FundId}: {Records} records, {Files} files")]
    private static partial void LogExported(ILogger logger, string fundId, int records, int files);
}
