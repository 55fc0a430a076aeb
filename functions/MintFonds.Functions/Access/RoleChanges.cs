using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Access;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Access;

public enum RoleChangeState
{
    /// <summary>Made directly.</summary>
    Applied,

    /// <summary>Waiting for a second person; nothing changed yet.</summary>
    Proposed,

    /// <summary>Made by a second person's confirmation of a proposal.</summary>
    Confirmed,
}

/// <summary>What a change is decided on: the fund's role version and the person's current role, each with its ETag.</summary>
public sealed record RoleSnapshot(TableEntity? Version, Stored<RoleAssignment>? Current);

/// <summary>One role change as it is stored and reported.</summary>
public sealed record RoleChange
{
    public required RoleChangeState State { get; init; }

    public required string PrincipalId { get; init; }

    public FundRole? FromRole { get; init; }

    /// <summary>The role after the change; null for a revocation.</summary>
    public FundRole? ToRole { get; init; }

    /// <summary>The role row once the change takes effect; null deletes it.</summary>
    public RoleAssignment? Assignment { get; init; }

    /// <summary>The proposal to add (<see cref="RoleChangeState.Proposed"/>) or to replace (<see cref="RoleChangeState.Confirmed"/>).</summary>
    public RoleProposal? Proposal { get; init; }

    /// <summary>The ETag of the proposal as read before its confirmation.</summary>
    public ETag ProposalETag { get; init; }

    public required string By { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// Stores role changes. Each change is one transaction in the fund's partition of RoleAssignments: the role row
/// (upserted or deleted), the "version" row, the proposal row (added, or on confirmation replaced only if unchanged)
/// and the outbox row of the e-mail to the office. Every change raises the version, which is read before anything the
/// decision rests on, so two changes decided on the same state cannot both commit: the loser reads again and decides
/// again. That keeps "the last other office member" true when it commits. The e-mail is relayed right after the commit
/// (else by the relay timer); its message key carries the version, so each change sends one e-mail.
/// </summary>
public sealed class RoleChanges(StorageAccount storage, RoleAssignmentTable roles, RoleProposalTable proposals, OutboxRelay relay)
{
    private readonly TableClient _table = storage.Table(TableNames.RoleAssignments);

    public async Task<RoleSnapshot> ReadAsync(string fundId, string principalId, CancellationToken cancellationToken)
    {
        var version = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, RoleAssignmentTable.VersionRow, cancellationToken: cancellationToken);
        var current = await roles.GetAsync(fundId, principalId, cancellationToken);
        return new RoleSnapshot(version.HasValue ? version.Value : null, current);
    }

    /// <returns>False when another change committed since <paramref name="snapshot"/> was read; nothing was written.</returns>
    public async Task<bool> TryCommitAsync(Fund fund, RoleSnapshot snapshot, RoleChange change, CancellationToken cancellationToken)
    {
        var version = PartitionBatch.CounterValue(snapshot.Version) + 1;
        var batch = new PartitionBatch(fund.Id).SetCounter(RoleAssignmentTable.VersionRow, snapshot.Version, version);
        if (change.State != RoleChangeState.Proposed)
        {
            if (change.Assignment is { } assignment)
            {
                batch.Upsert(roles.Entity(assignment));
            }
            else if (snapshot.Current is { } current)
            {
                batch.Delete(new TableEntity(fund.Id, change.PrincipalId) { ETag = current.ETag });
            }
        }

        if (change.Proposal is { } proposal)
        {
            if (change.State == RoleChangeState.Proposed)
            {
                batch.Add(proposals.Entity(proposal));
            }
            else
            {
                batch.ReplaceIfUnchanged(proposals.Entity(proposal, change.ProposalETag));
            }
        }

        var message = JsonSerializer.Serialize(Message(fund, change, version), MintFondsJson.Storage);
        var outbox = OutboxEntry.Create(fund.Id, $"role-change-{version}", QueueNames.Notifications, message, change.At);
        batch.Add(outbox);
        try
        {
            await batch.SubmitAsync(_table, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // The SDK's retry of our own committed transaction fails the same way: ours if version N's outbox row holds
            // this very message (it names the person, the time and the actor), else someone else's change came first.
            var committed = await _table.GetEntityIfExistsAsync<TableEntity>(fund.Id, outbox.RowKey, cancellationToken: cancellationToken);
            if (!committed.HasValue || committed.Value!.GetString("Message") != message)
            {
                return false;
            }
        }

        await relay.TrySendNowAsync(TableNames.RoleAssignments, [outbox], cancellationToken);
        return true;
    }

    // Object ids and role names only: the label may name the person, and the office reads names in the admin tool.
    private static NotificationMessage Message(Fund fund, RoleChange change, long version) => new()
    {
        MessageKey = $"{NotificationTemplates.RoleChanged}:{fund.Id}:{version}",
        Template = NotificationTemplates.RoleChanged,
        FundId = fund.Id,
        To = [new MailRecipient(fund.Contact.Email, fund.Name)],
        Data = JsonSerializer.SerializeToElement(
            new
            {
                fund = new { id = fund.Id, name = fund.Name },
                change = new
                {
                    state = change.State,
                    kind = change.ToRole is null ? RoleChangeKind.Revoke : RoleChangeKind.Assign,
                    principalId = change.PrincipalId,
                    fromRole = change.FromRole,
                    toRole = change.ToRole,
                    by = change.By,
                    at = change.At,
                    proposalId = change.Proposal?.Id,
                    proposedBy = change.State == RoleChangeState.Confirmed ? change.Proposal?.ProposedBy : null,
                    reason = change.Proposal?.Reason,
                    expiresAt = change.State == RoleChangeState.Proposed ? change.Proposal?.ExpiresAt : null,
                },
            },
            MintFondsJson.Storage),
    };
}
