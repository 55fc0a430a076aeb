using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using MintFonds.Core.Json;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Privacy;

/// <summary>The three data-subject calls as the fund office makes them, and what the tests need around them.</summary>
public static class PrivacyTestKit
{
    public const string ApplicantEmail = "j.weissmueller@gs-am-rhein.example";

    public static Task<TestResponse> ExportAsync(TestApp app, string fundId, string email, string? token = null) =>
        app.CallAsync<PrivacyAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/privacy/export", (f, r) => f.ExportPersonalData(r, fundId, CancellationToken.None),
            new { email }, token ?? app.PlatformAdminToken);

    public static Task<TestResponse> EraseAsync(TestApp app, string fundId, string email, string? token = null) =>
        app.CallAsync<PrivacyAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/privacy/erase", (f, r) => f.ErasePersonalData(r, fundId, CancellationToken.None),
            new { email }, token ?? app.PlatformAdminToken);

    public static Task<TestResponse> WithdrawConsentAsync(TestApp app, string fundId, object body) =>
        app.CallAsync<PrivacyAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/privacy/withdraw-consent", (f, r) => f.WithdrawConsent(r, fundId, CancellationToken.None),
            body, app.PlatformAdminToken);

    /// <summary>An export's data.json and its files, by path.</summary>
    public static (JsonElement Data, Dictionary<string, byte[]> Files) OpenExport(TestResponse response)
    {
        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal("application/zip", response.ContentType);
        using var zip = new ZipArchive(new MemoryStream(response.Bytes), ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[entry.FullName] = copy.ToArray();
        }

        var data = JsonDocument.Parse(files["data.json"]).RootElement;
        files.Remove("data.json");
        return (data, files);
    }

    public static List<JsonElement> Items(JsonElement data, string name) => [.. data.GetProperty(name).EnumerateArray()];

    /// <summary>Sends every waiting e-mail job of the fund, so the local outbox and the delivery ledger hold them.</summary>
    public static async Task SendAllAsync(TestApp app, string fundId)
    {
        foreach (var job in await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId))
        {
            await app.Get<NotificationFunctions>().SendNotification(JsonSerializer.Serialize(job, MintFondsJson.Storage), CancellationToken.None);
        }
    }

    /// <summary>Runs every waiting receipts job of the fund.</summary>
    public static async Task IssueReceiptsAsync(TestApp app, string fundId)
    {
        var queue = new QueueClient(app.ConnectionString, QueueNames.Receipts);
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(5))).Value;
            var ours = 0;
            foreach (var message in batch)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                if (JsonSerializer.Deserialize<ReceiptJob>(text, MintFondsJson.Storage)?.FundId == fundId)
                {
                    ours++;
                    await app.Get<ReceiptFunctions>().IssueReceipt(text, CancellationToken.None);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }

            if (batch.Length == 0 || ours == 0)
            {
                return;
            }
        }
    }
}

/// <summary>Counts the table rows the app reads (each row in a query's answer, or one per point read), per table.</summary>
public sealed class RowReadCounter : HttpPipelinePolicy
{
    private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);

    public int Rows(string table)
    {
        lock (_rows)
        {
            return _rows.GetValueOrDefault(table);
        }
    }

    public void Reset()
    {
        lock (_rows)
        {
            _rows.Clear();
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        // Table requests: /{account}/{Table}() or /{account}/{Table}(PartitionKey='…',RowKey='…'); blobs and queues have no '('.
        var path = message.Request.Uri.Path;
        var open = path.IndexOf('(', StringComparison.Ordinal);
        if (message.Request.Method != RequestMethod.Get || open < 0 || !message.HasResponse || message.Response.Status != 200)
        {
            return;
        }

        var table = path[(path.LastIndexOf('/', open) + 1)..open];
        var rows = 1;
        if (message.Response.ContentStream is { CanSeek: true } stream)
        {
            stream.Position = 0;
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions());
            rows = document.RootElement.TryGetProperty("value", out var value) ? value.GetArrayLength() : 1;
            stream.Position = 0;
        }

        lock (_rows)
        {
            _rows[table] = _rows.GetValueOrDefault(table) + rows;
        }
    }
}

/// <summary>
/// While armed, lets every write (any request but GET) reach storage and then loses its answer, once per request: the
/// SDK retries it, so an insert comes back as 409, an ETag update as 412, a delete as 404, though the first attempt
/// succeeded. What a slow or broken network does to the app.
/// </summary>
public sealed class LostAnswers : HttpPipelinePolicy
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpMessage, object> _lost = [];

    public bool Armed { get; set; }

    public int Lost { get; private set; }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        LoseFirstAnswer(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        LoseFirstAnswer(message);
    }

    private void LoseFirstAnswer(HttpMessage message)
    {
        if (Armed && message.Request.Method != RequestMethod.Get && message.HasResponse && message.Response.Status < 300 && _lost.TryAdd(message, new object()))
        {
            Lost++;
            throw new IOException("The answer was lost on the way back.");
        }
    }
}
