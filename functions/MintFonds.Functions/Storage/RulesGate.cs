using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace MintFonds.Functions.Storage;

/// <summary>Someone changing the rules an intake partition validates against, since when.</summary>
public sealed record RulesWriter(string Id, DateTimeOffset Since);

/// <summary>What a rules gate looked like when read: its epoch (null before the first intake) and who is changing the rules.</summary>
public sealed record RulesGateState(string? Epoch, IReadOnlyList<RulesWriter> Writers)
{
    public static readonly RulesGateState None = new(null, []);

    public bool Exists => Epoch is not null;

    /// <summary>A change is under way: nothing read now may be cached, every submission reads the documents itself.</summary>
    public bool IsChanging(DateTimeOffset now) => Writers.Any(w => now - w.Since < RulesGate.WriterLifetime);
}

/// <summary>
/// Lets an intake partition (Applications or Pledges, one per fund) cache the fund's and calls' documents and still
/// never accept a submission against rules that changed. Two kinds of row live in the partition:
/// <list type="bullet">
/// <item><c>rules</c>: the genesis row, written with the first gate and never removed;</item>
/// <item><c>rules-{epoch}</c>: the gate, exactly one once the genesis exists, with the writers changing the rules right now.</item>
/// </list>
/// Every accepting transaction <see cref="Guard">touches</see> the gate it read (an update without ETag: it fails only if
/// the row is gone, so concurrent submissions never fail each other). Every change of a fund or call
/// <see cref="RollAsync">rolls</see> the gate (deletes it and adds one with a new epoch, in one transaction) when it starts,
/// naming itself as a writer, and again after the document is written, removing itself. So a transaction that commits
/// after a change was answered read its gate after that change's last roll, hence its documents after the change; and
/// while any change is under way (a writer listed, perhaps one that crashed between the steps) nothing is cached, so a
/// crash can cost reads but never let stale rules through. Writers older than <see cref="WriterLifetime"/> (twice the
/// function time-out) are dead and ignored. Before the first accepted submission (or change) there is no row: the first
/// one <see cref="CreateAsync">creates</see> the genesis and a gate, once, after validating.
/// </summary>
public static class RulesGate
{
    public const string GenesisKey = "rules";
    public const string GatePrefix = "rules-";

    /// <summary>Twice host.json's functionTimeout: a writer listed longer cannot still be running.</summary>
    public static readonly TimeSpan WriterLifetime = TimeSpan.FromMinutes(10);

    private const string WritersColumn = "Writers";
    private const int MaxRolls = 30;

    public static async Task<RulesGateState> ReadAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {GenesisKey} and RowKey lt {"rules."}");
        var genesis = false;
        TableEntity? gate = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == GenesisKey)
            {
                genesis = true;
            }
            else
            {
                gate = row;
            }
        }

        if (!genesis)
        {
            return RulesGateState.None;
        }

        return gate is null
            ? throw new InvalidDataException($"The rules gate of {table.Name}/{partition} is missing although its genesis row exists.")
            : new RulesGateState(gate.RowKey[GatePrefix.Length..], ReadWriters(gate));
    }

    /// <summary>Adds the check to an accepting transaction; returns the index of the action that fails when the rules changed.</summary>
    public static int Guard(PartitionBatch batch, RulesGateState state)
    {
        var index = batch.Count;
        batch.Touch(GatePrefix + (state.Epoch ?? throw new InvalidOperationException("An intake partition needs its rules gate before it accepts (CreateAsync).")));
        return index;
    }

    /// <summary>
    /// Creates the genesis row and the first gate of a partition that has none, before its first accepting transaction;
    /// null if they exist already (read the gate, and the documents after it, again). Documents read before a gate this
    /// call created are current: any change writes the genesis (<see cref="BeginAsync"/>), so none came before, and any
    /// later one rolls the created gate.
    /// </summary>
    public static async Task<RulesGateState?> CreateAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var created = new RulesGateState(NewEpoch(), []);
        var batch = new PartitionBatch(partition).Add(new TableEntity(partition, GenesisKey)).Add(Gate(partition, created.Epoch!, []));
        try
        {
            await batch.SubmitAsync(table, cancellationToken);
            return created;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another submission or a change came first (or our own insert, its answer lost: reading again finds it).
            return null;
        }
    }

    /// <summary>Names <paramref name="writerId"/> as changing the rules and invalidates every cached copy.</summary>
    public static Task BeginAsync(TableClient table, string partition, string writerId, TimeProvider time, CancellationToken cancellationToken) =>
        RollAsync(table, partition, writerId, starting: true, time, cancellationToken);

    /// <summary>Removes <paramref name="writerId"/> after its change is written and invalidates every copy read meanwhile.</summary>
    public static Task EndAsync(TableClient table, string partition, string writerId, TimeProvider time, CancellationToken cancellationToken) =>
        RollAsync(table, partition, writerId, starting: false, time, cancellationToken);

    private static async Task RollAsync(TableClient table, string partition, string writerId, bool starting, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxRolls; attempt++)
        {
            var state = await ReadAsync(table, partition, cancellationToken);
            var now = time.GetUtcNow();
            var listed = state.Writers.Any(w => w.Id == writerId);
            if (attempt > 1 && listed == starting)
            {
                // Our roll went through (its answer was lost) or another roll since ours already invalidated every copy.
                return;
            }

            var writers = state.Writers.Where(w => w.Id != writerId && now - w.Since < WriterLifetime).ToList();
            if (starting)
            {
                writers.Add(new RulesWriter(writerId, now));
            }

            var batch = new PartitionBatch(partition);
            if (state.Exists)
            {
                batch.Delete(new TableEntity(partition, GatePrefix + state.Epoch) { ETag = ETag.All });
            }
            else
            {
                batch.Add(new TableEntity(partition, GenesisKey));
            }

            batch.Add(Gate(partition, NewEpoch(), writers));
            try
            {
                await batch.SubmitAsync(table, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (TransactionFailure.IsConflict(ex))
            {
                // Another roll (or an intake's first gate) came first: read again and roll on top of it.
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new InvalidOperationException($"The rules gate of {table.Name}/{partition} could not be rolled.");
    }

    private static TableEntity Gate(string partition, string epoch, IReadOnlyList<RulesWriter> writers) =>
        new(partition, GatePrefix + epoch) { [WritersColumn] = JsonSerializer.Serialize(writers) };

    private static List<RulesWriter> ReadWriters(TableEntity gate) =>
        gate.GetString(WritersColumn) is { Length: > 0 } json ? JsonSerializer.Deserialize<List<RulesWriter>>(json) ?? [] : [];

    private static string NewEpoch() => Guid.NewGuid().ToString("N");
}
