using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MintFonds.Functions.Storage;

/// <summary>
/// Counts every storage request the app sends (each attempt, retries included), by operation: service, resource
/// (table, queue or container) and kind, e.g. <c>table Applications $batch</c> or <c>queue notifications send</c>, and
/// the table rows each read returned. A table query is a <c>range</c> when its filter names one partition and nothing but
/// row-key bounds (then the rows it returns are all the rows storage examined), else a <c>scan</c>: storage examines rows
/// it does not return (a whole table without a partition key, or a partition for a filter on other columns), a cost the
/// returned rows do not show and that grows with everything stored. Registered as an <see cref="HttpPipelinePolicy"/> by the benchmark and by tests
/// that assert request or row counts (see <see cref="StorageAccount.FromConfiguration"/>); production registers none.
/// </summary>
public sealed partial class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Record(message, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            Record(message, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>What was counted since the start or the last <see cref="Reset"/>, by operation.</summary>
    public StorageCounts Snapshot() => new(
        [.. _tallies.Select(t => new StorageOperationCount(t.Key, t.Value.Requests, t.Value.Failed, t.Value.Rows, TimeSpan.FromTicks(t.Value.Ticks).TotalMilliseconds)).OrderBy(o => o.Operation, StringComparer.Ordinal)]);

    public void Reset() => _tallies.Clear();

    private void Record(HttpMessage message, TimeSpan elapsed)
    {
        var (operation, isTableRead) = Describe(message);
        var tally = _tallies.GetOrAdd(operation, _ => new Tally());
        Interlocked.Increment(ref tally.Requests);
        Interlocked.Add(ref tally.Ticks, elapsed.Ticks);
        if (!message.HasResponse || message.Response.Status >= 400 || (operation.EndsWith(" $batch", StringComparison.Ordinal) && TransactionFailed(message.Response)))
        {
            Interlocked.Increment(ref tally.Failed);
            return;
        }

        if (isTableRead)
        {
            Interlocked.Add(ref tally.Rows, RowsIn(message.Response));
        }
    }

    private static (string Operation, bool IsTableRead) Describe(HttpMessage message)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        var segments = uri.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);

        // Azurite (and any IP or localhost endpoint) puts the account name first in the path.
        if ((uri.IsLoopback || uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6) && segments.Length > 0)
        {
            segments = segments[1..];
        }

        var method = request.Method.Method;
        var last = segments.Length > 0 ? Uri.UnescapeDataString(segments[^1]) : string.Empty;
        if (last == "$batch")
        {
            return ($"table {BatchTable(request)} $batch", false);
        }

        if (request.Headers.TryGetValue("DataServiceVersion", out _) || (request.Headers.TryGetValue("Accept", out var accept) && accept.Contains("odata", StringComparison.Ordinal)))
        {
            var open = last.IndexOf('(', StringComparison.Ordinal);
            var table = open < 0 ? last : last[..open];
            var isPoint = last.Contains("PartitionKey=", StringComparison.Ordinal);
            var kind = method switch
            {
                "GET" when isPoint => "point read",
                "GET" when table == "Tables" => "list",
                "GET" => IsRange(uri) ? "range" : "scan",
                "POST" => "insert",
                "DELETE" => "delete",
                "MERGE" or "PATCH" => "merge",
                "PUT" => "replace",
                _ => method,
            };
            return ($"table {table} {kind}", method == "GET");
        }

        var messagesAt = Array.IndexOf(segments, "messages");
        if (messagesAt > 0)
        {
            var kind = method switch { "POST" => "send", "GET" => "receive", "DELETE" => "delete", _ => method };
            return ($"queue {segments[messagesAt - 1]} {kind}", false);
        }

        var container = segments.Length > 0 ? segments[0] : "(account)";
        return ($"blob {container} {method}", false);
    }

    /// <summary>A query whose filter is one partition and row-key bounds only, joined by "and".</summary>
    private static bool IsRange(Uri uri)
    {
        var filter = uri.Query.TrimStart('?').Split('&')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && Uri.UnescapeDataString(pair[0]) == "$filter")
            .Select(pair => Uri.UnescapeDataString(pair[1].Replace('+', ' ')))
            .FirstOrDefault();
        if (filter is null || !PartitionEquals().IsMatch(filter))
        {
            return false;
        }

        var rest = RowKeyBound().Replace(PartitionEquals().Replace(filter, " "), " ");
        return rest.Replace("and", " ", StringComparison.Ordinal).Replace("(", " ", StringComparison.Ordinal).Replace(")", " ", StringComparison.Ordinal).Trim().Length == 0;
    }

    [GeneratedRegex(@"PartitionKey eq '(?:[^']|'')*'")]
    private static partial Regex PartitionEquals();

    [GeneratedRegex(@"RowKey (?:eq|ge|gt|le|lt) '(?:[^']|'')*'")]
    private static partial Regex RowKeyBound();

    /// <summary>The table a transaction writes to, read from the first operation line of its multipart body.</summary>
    private static string BatchTable(Request request)
    {
        if (request.Content is null)
        {
            return "?";
        }

        using var buffer = new MemoryStream();
        request.Content.WriteTo(buffer, CancellationToken.None);
        var match = OperationLine().Match(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        return match.Success ? match.Groups[1].Value : "?";
    }

    /// <summary>A transaction is answered 202 even when it failed; the failure is in the answer's body.</summary>
    private static bool TransactionFailed(Response response)
    {
        if (response.ContentStream is not MemoryStream { CanSeek: true } content)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(content.ToArray());
        return FailedAnswer().IsMatch(text);
    }

    [GeneratedRegex(@"HTTP/1\.1 [45]\d\d")]
    private static partial Regex FailedAnswer();

    private static long RowsIn(Response response)
    {
        if (response.ContentStream is not MemoryStream { CanSeek: true } content)
        {
            return 0;
        }

        var position = content.Position;
        try
        {
            content.Position = 0;
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("value", out var rows)
                && rows.ValueKind == JsonValueKind.Array
                ? rows.GetArrayLength()
                : 1;
        }
        catch (JsonException)
        {
            return 0;
        }
        finally
        {
            content.Position = position;
        }
    }

    [GeneratedRegex(@"(?:POST|PUT|MERGE|PATCH|DELETE|GET) \S*?/([A-Za-z][A-Za-z0-9]{2,62})(?:\(|\?| )")]
    private static partial Regex OperationLine();

    private sealed class Tally
    {
        public long Requests;
        public long Failed;
        public long Rows;
        public long Ticks;
    }
}

/// <summary>
/// Storage requests by operation; <see cref="Failed"/> counts answers of 400 or more, failed transactions and requests
/// without an answer; <see cref="Milliseconds"/> is the time spent in them (the SDK's retries included), for the benchmark.
/// </summary>
public sealed record StorageOperationCount(string Operation, long Requests, long Failed, long Rows, double Milliseconds = 0);

public sealed record StorageCounts(IReadOnlyList<StorageOperationCount> Operations)
{
    public long Requests => Operations.Sum(o => o.Requests);

    public long Rows => Operations.Sum(o => o.Rows);

    /// <summary>Table queries that make storage examine rows they do not return (see <see cref="StorageRequestCounter"/>).</summary>
    public long Scans => Operations.Where(o => o.Operation.EndsWith(" scan", StringComparison.Ordinal)).Sum(o => o.Requests);

    public double Milliseconds => Operations.Sum(o => o.Milliseconds);

    public long RequestsTo(string prefix) => Operations.Where(o => o.Operation.StartsWith(prefix, StringComparison.Ordinal)).Sum(o => o.Requests);

    public long RowsFrom(string prefix) => Operations.Where(o => o.Operation.StartsWith(prefix, StringComparison.Ordinal)).Sum(o => o.Rows);
}
