using System.Text.Json;
using Azure;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Funds;

/// <summary>
/// Creates, changes, closes and lists the funding calls of a fund. Every change is ETag-guarded and audited, and written
/// between the two rolls of the applications partition's rules gate (<see cref="RulesChanges"/>). A new call needs no
/// roll: a call that did not exist was never cached.
/// </summary>
public sealed class CallService(CallTable calls, FundService funds, RulesChanges rulesChanges, AuditLog audit, TimeProvider time)
{
    public async Task<(Stored<FundingCall> Call, bool Created)> CreateAsync(
        string fundId, CallInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var fund = await funds.GetAsync(fundId, cancellationToken);
        if (fund.Value.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.Conflict("Der Fonds ist geschlossen und nimmt keine neuen Förderrunden an."));
        }

        var call = Validate(fundId, input, existing: null);
        try
        {
            var stored = await calls.AddAsync(fundId, call.Id, call, cancellationToken);
            await AuditAsync(call, "call.create", by, null, call.Status.ToString(), cancellationToken);
            return (stored, true);
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
            var existing = await calls.GetAsync(fundId, call.Id, cancellationToken);
            if (existing is not null && SameSettings(existing.Value, call))
            {
                return (existing, false);
            }

            throw new ProblemException(Problems.Conflict($"Eine Förderrunde mit der Kennung '{call.Id}' besteht bereits.", "id"));
        }
    }

    public async Task<Stored<FundingCall>> GetAsync(string fundId, string callId, CancellationToken cancellationToken) =>
        (Slug.IsValid(fundId) && Slug.IsValid(callId) ? await calls.GetAsync(fundId, callId, cancellationToken) : null)
        ?? throw new ProblemException(Problems.NotFound($"Es gibt keine Förderrunde '{callId}' im Fonds '{fundId}'."));

    public async Task<IReadOnlyList<FundingCall>> ListAsync(string fundId, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var list = new List<FundingCall>();
        await foreach (var stored in calls.ListAsync(fundId, status: null, cancellationToken))
        {
            list.Add(stored.Value);
        }

        return [.. list.OrderByDescending(c => c.OpensOn).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<Stored<FundingCall>> UpdateAsync(
        string fundId, string callId, CallInput input, ETag ifMatch, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(fundId, callId, cancellationToken);
        var changed = Validate(fundId, input, existing.Value);
        var stored = await ReplaceAsync(changed, ifMatch, cancellationToken);
        await AuditAsync(changed, "call.update", by, existing.Value.Status.ToString(), changed.Status.ToString(), cancellationToken);
        return stored;
    }

    /// <summary>Closes a call early: it takes no more applications. Closing twice changes nothing.</summary>
    public async Task<Stored<FundingCall>> CloseAsync(string fundId, string callId, ETag ifMatch, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(fundId, callId, cancellationToken);
        if (existing.Value.Status == CallStatus.Closed)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var closed = existing.Value with { Status = CallStatus.Closed, ClosedAt = now, UpdatedAt = now };
        var stored = await ReplaceAsync(closed, ifMatch, cancellationToken);
        await AuditAsync(closed, "call.close", by, nameof(CallStatus.Open), nameof(CallStatus.Closed), cancellationToken);
        return stored;
    }

    private FundingCall Validate(string fundId, CallInput input, FundingCall? existing)
    {
        var result = CallValidator.Validate(fundId, input, existing, time.GetUtcNow());
        return result.Value ?? throw new ProblemException(Problems.Validation(result.Errors));
    }

    private async Task<Stored<FundingCall>> ReplaceAsync(FundingCall call, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return await rulesChanges.WriteAsync(
                call.FundId, RulesChanges.CallIntakeTables, () => calls.ReplaceAsync(call.FundId, call.Id, call, ifMatch, cancellationToken), cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }
    }

    private Task AuditAsync(FundingCall call, string action, AdminPrincipal by, string? from, string? to, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = call.FundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"call/{call.Id}", FromState = from, ToState = to,
            },
            cancellationToken);

    private static bool SameSettings(FundingCall stored, FundingCall requested) =>
        JsonSerializer.Serialize(stored with { CreatedAt = default, UpdatedAt = default }, MintFondsJson.Storage)
        == JsonSerializer.Serialize(requested with { CreatedAt = default, UpdatedAt = default }, MintFondsJson.Storage);
}
