using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MintFonds.Core.Json;
using MintFonds.Core.Uploads;
using MintFonds.Core.Validation;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Payouts;

/// <summary>A file of an upload, its type read from its bytes.</summary>
public sealed record UploadedFile(string Field, string Kind, string FileName, string ContentType, byte[] Content)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

public sealed record ProofOfUseUpload(ProofOfUseReportInput Report, IReadOnlyList<UploadedFile> Files);

/// <summary>
/// Reads the multipart body of a proof of use: the JSON part <c>report</c> and the file parts <c>receipts</c> and
/// <c>photos</c>. Limits hold while reading, whatever the headers claim: the body (413), each file (413 naming it),
/// the number of files. Every file's type is sniffed from its content (<see cref="FileSniffer"/>); the name and the
/// declared type are never trusted: anything not allowed is a 415 naming the file. Nothing is stored here.
/// </summary>
public sealed class ProofOfUseUploadReader
{
    public const long MaxBodyBytes = 20 * 1024 * 1024;

    public const int MaxFileBytes = 5 * 1024 * 1024;

    public const int MaxFiles = 10;

    private const int MaxReportBytes = 64 * 1024;

    private static readonly string[] ReceiptTypes = [FileSniffer.Pdf, FileSniffer.Png, FileSniffer.Jpeg];

    private static readonly string[] PhotoTypes = [FileSniffer.Png, FileSniffer.Jpeg];

    public async Task<ProofOfUseUpload> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new ProblemException(Problems.UnsupportedMediaType(request.ContentType) with
            {
                Detail = $"Erwartet wird 'multipart/form-data' mit einem Teil 'report' und den Dateien, erhalten wurde '{request.ContentType ?? "(keine Angabe)"}'.",
                Errors = new Dictionary<string, string[]> { ["Content-Type"] = ["Bitte 'multipart/form-data' senden."] },
            });
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw new ProblemException(Problems.TooLarge(MaxBodyBytes));
        }

        var body = new LimitedStream(request.Body, MaxBodyBytes);
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 8 };
        ProofOfUseReportInput? report = null;
        var files = new List<UploadedFile>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ProblemException(Problems.BadRequest("body", "Jeder Teil braucht 'Content-Disposition: form-data' mit einem Namen."));
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (name == "report")
                {
                    if (report is not null)
                    {
                        throw new ProblemException(Problems.BadRequest("report", "Der Teil 'report' darf nur einmal vorkommen."));
                    }

                    var json = await ReadCappedAsync(section.Body, MaxReportBytes, cancellationToken)
                        ?? throw new ProblemException(Problems.TooLarge(MaxReportBytes) with { Errors = new Dictionary<string, string[]> { ["report"] = ["Der Bericht ist zu lang."] } });
                    report = ParseReport(json);
                    continue;
                }

                if (name is not ("receipts" or "photos"))
                {
                    throw new ProblemException(Problems.BadRequest(name.Length == 0 ? "body" : name, $"Unbekannter Teil '{Shown(name)}': erwartet werden 'report', 'receipts' und 'photos'."));
                }

                var index = counts.GetValueOrDefault(name);
                counts[name] = index + 1;
                var field = $"{name}[{index}]";
                var fileName = Shown(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty);
                if (files.Count == MaxFiles)
                {
                    throw new ProblemException(Problems.RecordTooLarge($"Höchstens {MaxFiles} Dateien je Verwendungsnachweis.") with
                    {
                        Errors = new Dictionary<string, string[]> { [field] = [$"Höchstens {MaxFiles} Dateien je Verwendungsnachweis."] },
                    });
                }

                var content = await ReadCappedAsync(section.Body, MaxFileBytes, cancellationToken);
                if (content is null)
                {
                    var message = $"'{fileName}' ist größer als {MaxFileBytes / 1024 / 1024} MiB.";
                    throw new ProblemException(Problems.TooLarge(MaxFileBytes) with
                    {
                        Title = "Die Datei ist zu groß.", Detail = message, Errors = new Dictionary<string, string[]> { [field] = [message] },
                    });
                }

                var kind = name == "photos" ? "photo" : "receipt";
                var sniffed = FileSniffer.Sniff(content);
                var allowed = kind == "photo" ? PhotoTypes : ReceiptTypes;
                if (content.Length == 0 || sniffed is null || !allowed.Contains(sniffed))
                {
                    var message = kind == "photo"
                        ? $"'{fileName}' ist keine PNG- oder JPEG-Datei."
                        : $"'{fileName}' ist keine PDF-, PNG- oder JPEG-Datei.";
                    throw new ProblemException(new ApiProblem
                    {
                        Type = "urn:mintfonds:problem:unsupported-media-type",
                        Title = "Dieses Dateiformat wird nicht angenommen.",
                        Status = 415,
                        Detail = message + " Der Dateityp wird am Inhalt erkannt, nicht am Namen.",
                        Errors = new Dictionary<string, string[]> { [field] = [message] },
                    });
                }

                files.Add(new UploadedFile(field, kind, fileName, sniffed, content));
            }
        }
        catch (BodyTooLargeException)
        {
            throw new ProblemException(Problems.TooLarge(MaxBodyBytes));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && ex is not BodyTooLargeException)
        {
            throw new ProblemException(Problems.BadRequest("body", "Der Inhalt ist kein vollständiges multipart/form-data."));
        }

        return report is null
            ? throw new ProblemException(Problems.BadRequest("report", "Der Teil 'report' (JSON) fehlt."))
            : new ProofOfUseUpload(report, files);
    }

    private static ProofOfUseReportInput ParseReport(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<ProofOfUseReportInput>(json, MintFondsJson.Api)
                ?? throw new ProblemException(Problems.BadRequest("report", "Erwartet wird ein JSON-Objekt, nicht null."));
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 2 } p ? "report." + p[2..] : "report";
            throw new ProblemException(Problems.MalformedBody([new FieldError(path, "Dieser Wert hat nicht die erwartete Form.")]));
        }
    }

    /// <summary>The section's bytes, or null as soon as they exceed <paramref name="max"/> (read no further).</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream section, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await section.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A client's file name as it may appear in an answer: no control characters, at most 100 characters.</summary>
    private static string Shown(string name)
    {
        var clean = new string(name.Where(c => !char.IsControl(c)).ToArray());
        clean = Path.GetFileName(clean.Replace('\\', '/'));
        return clean.Length <= 100 ? clean : clean[..100];
    }

    private sealed class BodyTooLargeException : IOException;

    /// <summary>Counts what is read and stops at the limit, whatever Content-Length said.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BodyTooLargeException() : read;
        }
    }
}
