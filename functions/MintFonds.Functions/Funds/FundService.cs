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
/// Creates, changes and closes funds. Every change is ETag-guarded and audited, and written between the two rolls of
/// the intake partitions' rules gates (<see cref="RulesChanges"/>), so no application or pledge is accepted against
/// a copy of the fund cached before the change once the change has been answered.
/// </summary>
public sealed class FundService(FundTable funds, RulesChanges rulesChanges, AuditLog audit, TimeProvider time)
{
    /// <summary>Creates a fund. Repeating the same request answers with the stored fund (not created again).</summary>
    /// <param name="alsoAudited">
    /// Further entries about the new fund (e.g. <c>fund.copy</c>), written with its <c>fund.create</c> entry in one
    /// transaction of the fund's audit partition (<see cref="AuditLog.WriteAllAsync"/>).
    /// </param>
    public async Task<(Stored<Fund> Fund, bool Created)> CreateAsync(
        FundInput input, AdminPrincipal by, CancellationToken cancellationToken, Func<Fund, IReadOnlyList<AuditEntry>>? alsoAudited = null)
    {
        var fund = Validate(input, existing: null);
        try
        {
            var stored = await funds.AddAsync(FundTable.Partition, fund.Id, fund, cancellationToken);
            await audit.WriteAllAsync([CreatedEntry(fund, by), .. alsoAudited?.Invoke(fund) ?? []], cancellationToken);
            return (stored, true);
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
            var existing = await funds.GetAsync(fund.Id, cancellationToken);
            if (existing is not null && SameSettings(existing.Value, fund))
            {
                return (existing, false);
            }

            throw new ProblemException(Problems.Conflict($"Ein Fonds mit der Kennung '{fund.Id}' besteht bereits.", "id"));
        }
    }

    public async Task<Stored<Fund>> GetAsync(string fundId, CancellationToken cancellationToken) =>
        (Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null)
        ?? throw new ProblemException(Problems.NotFound($"Es gibt keinen Fonds '{fundId}'."));

    public async Task<Stored<Fund>> UpdateAsync(string fundId, FundInput input, ETag ifMatch, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(fundId, cancellationToken);
        if (existing.Value.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.Conflict("Der Fonds ist geschlossen; seine Einstellungen können nicht mehr geändert werden."));
        }

        var changed = Validate(input, existing.Value);

        // The facsimile and the logo are uploaded on their own routes; a settings change keeps them.
        changed = changed with { Operator = changed.Operator with { FacsimileSha256 = existing.Value.Operator.FacsimileSha256 }, Logo = existing.Value.Logo };
        var stored = await ReplaceAsync(changed, ifMatch, cancellationToken);
        await AuditAsync(fundId, "fund.update", by, existing.Value.Status.ToString(), changed.Status.ToString(), cancellationToken);
        return stored;
    }

    /// <summary>Closes a fund: it stays readable, but takes no new calls. Closing twice changes nothing.</summary>
    public async Task<Stored<Fund>> CloseAsync(string fundId, ETag ifMatch, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(fundId, cancellationToken);
        if (existing.Value.Status == FundStatus.Closed)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var closed = existing.Value with { Status = FundStatus.Closed, ClosedAt = now, UpdatedAt = now };
        var stored = await ReplaceAsync(closed, ifMatch, cancellationToken);
        await AuditAsync(fundId, "fund.close", by, nameof(FundStatus.Active), nameof(FundStatus.Closed), cancellationToken);
        return stored;
    }

    /// <summary>Records (or clears) the hash of the uploaded facsimile signature; retried on a concurrent change.</summary>
    public async Task<Stored<Fund>> SetFacsimileAsync(string fundId, string? sha256, AdminPrincipal by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var existing = await GetAsync(fundId, cancellationToken);
            var changed = existing.Value with
            {
                Operator = existing.Value.Operator with { FacsimileSha256 = sha256 }, UpdatedAt = time.GetUtcNow(),
            };
            try
            {
                var stored = await funds.ReplaceAsync(FundTable.Partition, fundId, changed, existing.ETag, cancellationToken);
                await AuditAsync(fundId, sha256 is null ? "fund.facsimile.remove" : "fund.facsimile.upload", by, null, sha256, cancellationToken);
                return stored;
            }
            catch (StorageConflictException)
            {
                await Contention.BackOffAsync(attempt, cancellationToken);
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private Fund Validate(FundInput input, Fund? existing)
    {
        var result = FundValidator.Validate(input, existing, time.GetUtcNow());
        return result.Value ?? throw new ProblemException(Problems.Validation(result.Errors));
    }

    private async Task<Stored<Fund>> ReplaceAsync(Fund fund, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return await rulesChanges.WriteAsync(
                fund.Id, RulesChanges.FundIntakeTables, () => funds.ReplaceAsync(FundTable.Partition, fund.Id, fund, ifMatch, cancellationToken), cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }
    }

    /// <summary>The <c>fund.create</c> entry of a new fund.</summary>
    public static AuditEntry CreatedEntry(Fund fund, AdminPrincipal by) => new()
    {
        Subject = fund.Id, Action = "fund.create", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId, Target = $"fund/{fund.Id}",
        ToState = fund.Status.ToString(),
    };

    private Task AuditAsync(string fundId, string action, AdminPrincipal by, string? from, string? to, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry { Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId, Target = $"fund/{fundId}", FromState = from, ToState = to },
            cancellationToken);

    private static bool SameSettings(Fund stored, Fund requested) =>
        // The logo is uploaded later on its own route: a repeated create (or copy) after that is still the same fund.
        JsonSerializer.Serialize(stored with { CreatedAt = default, UpdatedAt = default, Logo = null }, MintFondsJson.Storage)
        == JsonSerializer.Serialize(requested with { CreatedAt = default, UpdatedAt = default }, MintFondsJson.Storage);
}
