using System.Collections.Concurrent;
using MintFonds.Core.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Funds;

/// <summary>The fund and call an intake validates against, and the rules gate it read before them (see <see cref="RulesGate"/>).</summary>
public sealed record IntakeRules(RulesGateState Gate, Fund? Fund, FundingCall? Call);

/// <summary>
/// Keeps the fund's and call's documents for a minute per intake table (Applications, Pledges), so a submission reads
/// neither. Safe because the copy is tied to the rules gate read before the documents, and every accepting transaction
/// fails if that gate was rolled since (any change of the fund or a call rolls it): the caller then
/// <see cref="Forget">forgets</see> the copy and validates again against what it reads. Nothing is cached while a change
/// is under way, nor a fund or call that does not exist. Submissions arriving together while nothing is cached share one
/// read instead of each reading the same documents.
/// </summary>
public sealed class IntakeRulesCache(StorageAccount storage, FundTable funds, CallTable calls, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Table, string FundId, string CallId), (IntakeRules Rules, DateTimeOffset Until)> _cache = new();
    private readonly ConcurrentDictionary<(string Table, string FundId, string CallId), Lazy<Task<IntakeRules>>> _loading = new();
    private readonly ConcurrentDictionary<(string Table, string FundId), Lazy<Task<RulesGateState?>>> _creating = new();

    /// <param name="table">The intake table whose partition <paramref name="fundId"/> holds the gate.</param>
    /// <param name="fundId">A valid fund id (a slug).</param>
    /// <param name="callId">A valid call id, or null when only the fund counts (pledges).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<IntakeRules> GetAsync(string table, string fundId, string? callId, CancellationToken cancellationToken)
    {
        var key = (table, fundId, callId ?? string.Empty);
        if (_cache.TryGetValue(key, out var cached) && time.GetUtcNow() < cached.Until)
        {
            return cached.Rules;
        }

        var loading = _loading.GetOrAdd(key, _ => new Lazy<Task<IntakeRules>>(() => LoadAsync(table, fundId, callId)));
        try
        {
            return await loading.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<(string, string, string), Lazy<Task<IntakeRules>>>(key, loading));
        }
    }

    /// <summary>
    /// The rules with their partition's gate, for a submission that passed validation and is about to commit: as they
    /// are if the gate exists; with the gate created now (once per partition and instance, however many submissions wait
    /// for it) if there was none; or, when someone else created it meanwhile, read again: then the caller validates anew.
    /// </summary>
    public async Task<(IntakeRules Rules, bool ReadAgain)> EnsureGateAsync(string table, IntakeRules rules, CancellationToken cancellationToken)
    {
        if (rules.Gate.Exists)
        {
            return (rules, false);
        }

        var fundId = rules.Fund!.Id;
        var creating = _creating.GetOrAdd((table, fundId), _ => new Lazy<Task<RulesGateState?>>(
            () => RulesGate.CreateAsync(storage.Table(table), fundId, CancellationToken.None)));
        RulesGateState? created;
        try
        {
            created = await creating.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (creating.Value.IsFaulted)
        {
            // Storage did not answer: the next submission tries again instead of meeting this failure.
            _creating.TryRemove(new KeyValuePair<(string, string), Lazy<Task<RulesGateState?>>>((table, fundId), creating));
            throw;
        }

        if (created is not null)
        {
            var adopted = rules with { Gate = created };
            _cache[(table, fundId, rules.Call?.Id ?? string.Empty)] = (adopted, time.GetUtcNow() + Lifetime);
            return (adopted, false);
        }

        _creating.TryRemove(new KeyValuePair<(string, string), Lazy<Task<RulesGateState?>>>((table, fundId), creating));
        Forget(table, fundId);
        return (await GetAsync(table, fundId, rules.Call?.Id, cancellationToken), true);
    }

    /// <summary>Drops every copy of the fund's documents for <paramref name="table"/>: its gate was rolled.</summary>
    public void Forget(string table, string fundId)
    {
        foreach (var key in _cache.Keys.Where(k => k.Table == table && k.FundId == fundId))
        {
            _cache.TryRemove(key, out _);
        }
    }

    // Not the caller's cancellation: others may be waiting for the same read.
    private async Task<IntakeRules> LoadAsync(string table, string fundId, string? callId)
    {
        var key = (table, fundId, callId ?? string.Empty);
        var cancellationToken = CancellationToken.None;

        // The gate first: documents read after it are at least as new as the change that rolled it last.
        var gate = await RulesGate.ReadAsync(storage.Table(table), fundId, cancellationToken);
        var fund = (await funds.GetAsync(fundId, cancellationToken))?.Value;
        var call = callId is null || fund is null ? null : (await calls.GetAsync(fundId, callId, cancellationToken))?.Value;
        var rules = new IntakeRules(gate, fund, call);
        var now = time.GetUtcNow();
        if (gate.Exists && !gate.IsChanging(now) && fund is not null && (callId is null || call is not null))
        {
            _cache[key] = (rules, now + Lifetime);
        }
        else
        {
            _cache.TryRemove(key, out _);
        }

        return rules;
    }
}
