using System.Text.RegularExpressions;
using MintFonds.Core.Access;
using MintFonds.Core.Funds;
using MintFonds.Core.Validation;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Access;

/// <summary>The result of a role change request: applied at once, or proposed and waiting for a second person.</summary>
public sealed record RoleOutcome(RoleAssignment? Applied, RoleProposal? Proposed);

/// <summary>
/// Grants, lists and revokes roles in a fund, with four eyes where one office member alone could take the fund over:
/// an office member appointing a board member, or removing or demoting the last other office member, only proposes
/// the change; a second office member or the platform administrator confirms it. The platform administrator's own
/// changes apply directly. Every step is audited (after its commit: a crash in between loses the entry, never the
/// change or its e-mail); storage and e-mail are described in <see cref="RoleChanges"/>.
/// </summary>
public sealed partial class RoleService(
    RoleAssignmentTable roles, RoleProposalTable proposals, RoleChanges changes, FundService funds, AuditLog audit, TimeProvider time)
{
    private const int MaxAttempts = 20;

    public async Task<IReadOnlyList<RoleAssignment>> ListAsync(string fundId, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        return await roles.ListAsync(fundId, cancellationToken);
    }

    public async Task<RoleOutcome> AssignAsync(
        string fundId, string principalId, RoleAssignmentInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var id = CheckPrincipalId(check, principalId);
        var role = check.RequiredValue("role", input.Role);
        var label = check.Text("label", input.Label, 100, required: false);
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        var fund = await funds.GetAsync(fundId, cancellationToken);
        return await ChangeAsync(fund.Value, id!, role!.Value, label, by, cancellationToken);
    }

    public async Task<RoleOutcome> RevokeAsync(string fundId, string principalId, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var id = CheckPrincipalId(check, principalId);
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        var fund = await funds.GetAsync(fundId, cancellationToken);
        return await ChangeAsync(fund.Value, id!, null, null, by, cancellationToken);
    }

    public async Task<IReadOnlyList<RoleProposal>> ListProposalsAsync(string fundId, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        return await proposals.PendingAsync(fundId, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Confirms a proposal: by the platform administrator or an office member who did not propose it.</summary>
    public async Task<RoleProposal> ConfirmAsync(string fundId, string proposalId, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var fund = await funds.GetAsync(fundId, cancellationToken);
        var unknown = Problems.NotFound("Diesen Vorschlag gibt es in diesem Fonds nicht.");
        if (!ProposalIdPattern().IsMatch(proposalId))
        {
            throw new ProblemException(unknown);
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await proposals.FindAsync(fundId, proposalId, cancellationToken) ?? throw new ProblemException(unknown);
            var proposal = stored.Value;
            var now = time.GetUtcNow();
            if (proposal.Status == RoleProposalStatus.Confirmed)
            {
                throw new ProblemException(Problems.Conflict("Dieser Vorschlag ist bereits bestätigt."));
            }

            if (now >= proposal.ExpiresAt)
            {
                throw new ProblemException(Problems.Conflict("Dieser Vorschlag ist abgelaufen. Bitte die Änderung neu vorschlagen."));
            }

            if (!by.IsPlatformAdmin && by.ObjectId == proposal.ProposedBy)
            {
                await AuditAsync(fundId, "role.confirm", AuditOutcome.Refused, by, proposal.PrincipalId, proposal.FromRole, proposal.Role, $"four-eyes:same-person;proposal/{proposal.Id}", cancellationToken);
                throw new ProblemException(Problems.Forbidden(
                    "Einen eigenen Vorschlag können Sie nicht selbst bestätigen: Das muss ein zweites Mitglied der Geschäftsstelle oder die Plattform-Administration tun."));
            }

            var snapshot = await changes.ReadAsync(fundId, proposal.PrincipalId, cancellationToken);
            if (snapshot.Current?.Value.Role != proposal.FromRole)
            {
                throw new ProblemException(Problems.Conflict("Die Rolle der Person hat sich seit dem Vorschlag geändert. Bitte die Änderung neu vorschlagen."));
            }

            var confirmed = proposal with { Status = RoleProposalStatus.Confirmed, ConfirmedBy = by.ObjectId, ConfirmedAt = now };
            var assignment = proposal.Role is { } role
                ? new RoleAssignment { FundId = fundId, PrincipalId = proposal.PrincipalId, Role = role, Label = proposal.Label, AssignedBy = by.ObjectId, AssignedAt = now }
                : null;
            var change = new RoleChange
            {
                State = RoleChangeState.Confirmed, PrincipalId = proposal.PrincipalId, FromRole = proposal.FromRole, ToRole = proposal.Role,
                Assignment = assignment, Proposal = confirmed, ProposalETag = stored.ETag, By = by.ObjectId, At = now,
            };
            if (await changes.TryCommitAsync(fund.Value, snapshot, change, cancellationToken))
            {
                await AuditAsync(fundId, "role.confirm", AuditOutcome.Done, by, proposal.PrincipalId, proposal.FromRole, proposal.Role, $"proposal/{proposal.Id};proposed-by/{proposal.ProposedBy}", cancellationToken);
                await AuditAppliedAsync(fundId, by, proposal.PrincipalId, proposal.FromRole, proposal.Role, cancellationToken);
                return confirmed;
            }

            await Contention.BackOffAsync(attempt, cancellationToken);
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<RoleOutcome> ChangeAsync(
        Fund fund, string principalId, FundRole? toRole, string? label, AdminPrincipal by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var snapshot = await changes.ReadAsync(fund.Id, principalId, cancellationToken);
            var fromRole = snapshot.Current?.Value.Role;
            if (toRole is null && fromRole is null)
            {
                throw new ProblemException(Problems.NotFound("Diese Person hat in diesem Fonds keine Rolle."));
            }

            var now = time.GetUtcNow();
            var reason = by.IsPlatformAdmin ? null : await FourEyesReasonAsync(fund.Id, principalId, fromRole, toRole, by, cancellationToken);
            var change = new RoleChange { State = RoleChangeState.Applied, PrincipalId = principalId, FromRole = fromRole, ToRole = toRole, By = by.ObjectId, At = now };
            if (reason is null)
            {
                var assignment = toRole is { } role
                    ? new RoleAssignment { FundId = fund.Id, PrincipalId = principalId, Role = role, Label = label, AssignedBy = by.ObjectId, AssignedAt = now }
                    : null;
                if (await changes.TryCommitAsync(fund, snapshot, change with { Assignment = assignment }, cancellationToken))
                {
                    await AuditAppliedAsync(fund.Id, by, principalId, fromRole, toRole, cancellationToken);
                    return new RoleOutcome(assignment, null);
                }
            }
            else
            {
                var proposal = new RoleProposal
                {
                    Id = Guid.NewGuid().ToString("N"), FundId = fund.Id, PrincipalId = principalId,
                    Kind = toRole is null ? RoleChangeKind.Revoke : RoleChangeKind.Assign, Role = toRole, Label = label, FromRole = fromRole,
                    Reason = reason.Value, ProposedBy = by.ObjectId, ProposedAt = now, ExpiresAt = now + RoleProposal.Lifetime,
                };
                if (await changes.TryCommitAsync(fund, snapshot, change with { State = RoleChangeState.Proposed, Proposal = proposal }, cancellationToken))
                {
                    await AuditAsync(fund.Id, "role.propose", AuditOutcome.Done, by, principalId, fromRole, toRole, $"proposal/{proposal.Id};{reason.Value}", cancellationToken);
                    return new RoleOutcome(null, proposal);
                }
            }

            await Contention.BackOffAsync(attempt, cancellationToken);
        }

        throw new ProblemException(Problems.Busy());
    }

    // Read after the version row (RoleChanges.ReadAsync), so a change of the office members in between fails the commit.
    private async Task<FourEyesReason?> FourEyesReasonAsync(
        string fundId, string principalId, FundRole? fromRole, FundRole? toRole, AdminPrincipal by, CancellationToken cancellationToken)
    {
        if (toRole == FundRole.Board && fromRole != FundRole.Board)
        {
            return FourEyesReason.BoardAppointment;
        }

        if (toRole == FundRole.Office && fromRole != FundRole.Office)
        {
            return FourEyesReason.OfficeAppointment;
        }

        if (fromRole == FundRole.Office && toRole != FundRole.Office && principalId != by.ObjectId)
        {
            var others = (await roles.OfficeMembersAsync(fundId, cancellationToken)).Where(id => id != by.ObjectId).ToList();
            if (others is [var last] && last == principalId)
            {
                return FourEyesReason.LastOtherOfficeMember;
            }
        }

        return null;
    }

    // Entra object ids are GUIDs; keeping to that shape also keeps the RowKey safe. The parser trims white space, so
    // the text is also compared with the GUID it names: " <id>" is not the id.
    private static string? CheckPrincipalId(InputChecker check, string principalId)
    {
        if (!Guid.TryParseExact(principalId, "D", out var guid) || !string.Equals(guid.ToString("D"), principalId, StringComparison.OrdinalIgnoreCase))
        {
            check.Add("principalId", "Erwartet wird die Objekt-ID der Person in Entra ID (eine GUID).");
            return null;
        }

        return guid.ToString("D");
    }

    private Task AuditAppliedAsync(string fundId, AdminPrincipal by, string principalId, FundRole? from, FundRole? to, CancellationToken cancellationToken) =>
        AuditAsync(fundId, to is null ? "role.revoke" : "role.assign", AuditOutcome.Done, by, principalId, from, to, null, cancellationToken);

    private Task AuditAsync(
        string fundId, string action, AuditOutcome outcome, AdminPrincipal by, string principalId, FundRole? from, FundRole? to, string? reason, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = outcome, PrincipalId = by.ObjectId, Target = $"principal/{principalId}",
                FromState = from?.ToString(), ToState = to?.ToString(), Reason = reason,
            },
            cancellationToken);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ProposalIdPattern();
}
