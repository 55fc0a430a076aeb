using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using MintFonds.Functions.Storage;

namespace MintFonds.Tools.Benchmark;

/// <summary>
/// What an accepted application costs at the least, written with the SDK directly, in the same table and run side by
/// side with the app:
/// <list type="bullet">
/// <item><b>bare floor</b>: one entity-group transaction with rows of the same kinds and sizes (application, replay
/// marker, counter, yearly count, outbox row) plus one queue message; no guard, so nothing ever conflicts;</item>
/// <item><b>counter floor</b>: the same, but the counter is read and written back ETag-guarded, as a gapless series
/// needs, and a lost race is retried after an exponential back-off with full jitter (5 ms doubling, capped at 200 ms).</item>
/// <item><b>form floor</b> and <b>form counter floor</b>: the bare and the counter floor plus the least the abuse layer
/// must write for a new client and address (README "What the abuse layer adds"): three inserts into <c>Counters</c>
/// (the client's hour, the address's day, the challenge's used-mark) before the transaction, and one merge on the
/// address row under the ETag its insert answered with after it. Applications as forms send them (with the abuse layer)
/// are compared with these two like for like.</item>
/// </list>
/// </summary>
internal sealed class Floors
{
    public const string Queue = "benchmark-floor";

    private readonly TableClient _table;
    private readonly TableClient _counters;
    private readonly QueueClient _queue;
    private readonly string _document;
    private readonly string _message;

    public Floors(BenchmarkApp app, byte[] sampleApplication)
    {
        _table = app.Storage.Table(TableNames.Applications);
        _counters = app.Storage.Table(TableNames.Counters);
        _queue = app.Storage.Queue(Queue);
        _document = Encoding.UTF8.GetString(sampleApplication);
        _message = "[" + _document + "," + _document + "]";
    }

    public Task CreateQueueAsync() => _queue.CreateIfNotExistsAsync();

    public async Task BareAsync(string partition, int i)
    {
        var actions = Rows(partition, i, number: i + 1);
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, Counter(partition, i + 1)));
        await _table.SubmitTransactionAsync(actions);
        await _queue.SendMessageAsync(_message);
    }

    /// <param name="counted">True: the counter floor's transaction (ETag-guarded counter); false: the bare floor's.</param>
    public async Task FormAsync(string partition, int i, bool counted)
    {
        // The abuse layer's partitions are shared by every submission of an hour or a day (one row per client, address
        // and challenge), so the floor's rows go to partitions shared by the whole benchmark too: Azurite's cost per
        // request grows with a partition's size, and the comparison must not favour the floor.
        var key = partition + "-" + i.ToString(CultureInfo.InvariantCulture);
        await _counters.AddEntityAsync(new TableEntity("floor-clients", key) { ["Count"] = 1 });
        var address = await _counters.AddEntityAsync(new TableEntity("floor-addresses", key) { ["Submissions"] = 1 });
        await _counters.AddEntityAsync(new TableEntity("floor-challenges", key) { ["RequestHash"] = new string('0', 64) });
        await (counted ? CountedAsync(partition, i) : BareAsync(partition, i));
        await _counters.UpdateEntityAsync(
            new TableEntity("floor-addresses", key) { ["Confirmations"] = 1 }, address.Headers.ETag ?? ETag.All, TableUpdateMode.Merge);
    }

    public async Task CountedAsync(string partition, int i)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(partition, "seq");
            var number = (current.HasValue ? current.Value!.GetInt64("Value") ?? 0 : 0) + 1;
            var actions = Rows(partition, i, number);
            actions.Add(current.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, Counter(partition, number), current.Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, Counter(partition, number)));
            try
            {
                await _table.SubmitTransactionAsync(actions);
                break;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                var ceiling = Math.Min(200.0, 5.0 * Math.Pow(2, Math.Min(attempt, 10)));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling));
            }
        }

        await _queue.SendMessageAsync(_message);
    }

    private static TableEntity Counter(string partition, long value) => new(partition, "seq") { ["Value"] = value };

    private List<TableTransactionAction> Rows(string partition, int i, long number)
    {
        var reference = "MRF-2026-" + number.ToString("D4", CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        return
        [
            new(TableTransactionActionType.Add, new TableEntity(partition, "dup-" + i.ToString(CultureInfo.InvariantCulture))
            {
                ["Reference"] = reference, ["RequestHash"] = new string('0', 64), ["CreatedAt"] = now,
            }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "cap-" + i.ToString(CultureInfo.InvariantCulture)) { ["Value"] = 1L }),
            new(TableTransactionActionType.Add, new TableEntity(partition, "app-" + reference)
            {
                ["Json"] = _document, ["SchemaVersion"] = 1, ["CallId"] = Samples.CallId, ["Status"] = "Submitted",
                ["InstitutionKey"] = "grundschule-nummer-" + i.ToString(CultureInfo.InvariantCulture), ["SubmittedAt"] = now,
            }),
            new(TableTransactionActionType.Add, new TableEntity(partition, "outbox-" + reference)
            {
                ["Queue"] = Queue, ["Message"] = _message, ["CreatedAt"] = now,
            }),
        ];
    }
}
