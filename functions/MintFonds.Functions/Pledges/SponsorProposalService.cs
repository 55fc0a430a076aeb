using Azure.Data.Tables;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>An open proposal beside the data it would replace, for the office to compare.</summary>
public sealed record SponsorProposalView(string Id, string SponsorId, string PledgeReference, DateTimeOffset ProposedAt, SponsorDetails Current, SponsorDetails Proposed);

/// <summary>
/// The office's side of <see cref="SponsorChangeProposal"/>: list the open ones, accept one (the sponsor's data becomes
/// the proposed data, confirmed by the office) or reject it. Every decision is audited.
/// Consistency: accepting replaces the sponsor row with its ETag and then deletes the proposal row (another table, so
/// not one transaction). A crash between the two leaves an open proposal whose data the sponsor already has; accepting
/// it again changes nothing but the confirmation time. A 412 after the SDK's retry of our own replace is recognised by
/// reading the row back: if it already holds the proposed data confirmed by this person, the write was ours.
/// Open proposals have their own key range (<c>proposal-…</c>), and a decided one is deleted, so listing reads only
/// what is open.
/// </summary>
public sealed class SponsorProposalService(StorageAccount storage, SponsorTable sponsors, FundService funds, AuditLog audit, TimeProvider time)
{
    private const int MaxAttempts = 10;

    private readonly TableClient _pledges = storage.Table(TableNames.Pledges);

    public async Task<IReadOnlyList<SponsorProposalView>> ListAsync(string fundId, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {fundId} and RowKey ge {PledgeRows.ProposalPrefix} and RowKey lt {PledgeRows.ProposalEnd}");
        var views = new List<SponsorProposalView>();
        await foreach (var row in _pledges.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var proposal = PledgeRows.ReadProposal(row);
            var current = await sponsors.GetAsync(fundId, proposal.SponsorId, cancellationToken);
            if (current is not null)
            {
                views.Add(new SponsorProposalView(proposal.Id, proposal.SponsorId, proposal.PledgeReference, proposal.ProposedAt, current.Value.Details, proposal.Proposed));
            }
        }

        return [.. views.OrderBy(v => v.ProposedAt)];
    }

    public async Task<SponsorDetails> AcceptAsync(string fundId, string proposalId, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var proposal = await FindAsync(fundId, proposalId, cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await sponsors.GetAsync(fundId, proposal.SponsorId, cancellationToken)
                ?? throw new ProblemException(Problems.NotFound("Die Förderin bzw. den Förderer dieses Vorschlags gibt es nicht mehr."));
            var p = proposal.Proposed;
            var confirmed = stored.Value with
            {
                Type = p.Type, Name = p.Name, Address = p.Address, ContactPerson = p.ContactPerson, ConfirmedAt = time.GetUtcNow(), ConfirmedBy = by.ObjectId,
            };
            try
            {
                await sponsors.ReplaceAsync(fundId, proposal.SponsorId, confirmed, stored.ETag, cancellationToken);
            }
            catch (StorageConflictException)
            {
                var now = await sponsors.GetAsync(fundId, proposal.SponsorId, cancellationToken);
                if (now is null || now.Value.Details != p || now.Value.ConfirmedBy != by.ObjectId)
                {
                    continue;
                }
            }

            await _pledges.DeleteEntityAsync(fundId, PledgeRows.ProposalKey(proposal.Id), Azure.ETag.All, cancellationToken);
            await AuditAsync(fundId, "sponsor.proposal.accept", by, proposal, cancellationToken);
            return p;
        }

        throw new ProblemException(Problems.Busy());
    }

    public async Task RejectAsync(string fundId, string proposalId, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var proposal = await FindAsync(fundId, proposalId, cancellationToken);
        await _pledges.DeleteEntityAsync(fundId, PledgeRows.ProposalKey(proposal.Id), Azure.ETag.All, cancellationToken);
        await AuditAsync(fundId, "sponsor.proposal.reject", by, proposal, cancellationToken);
    }

    private async Task<SponsorChangeProposal> FindAsync(string fundId, string proposalId, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var row = proposalId.Length == 32 && proposalId.All(char.IsAsciiHexDigitLower)
            ? await _pledges.GetEntityIfExistsAsync<TableEntity>(fundId, PledgeRows.ProposalKey(proposalId), cancellationToken: cancellationToken)
            : null;
        return row is { HasValue: true }
            ? PledgeRows.ReadProposal(row.Value!)
            : throw new ProblemException(Problems.NotFound("Diesen offenen Änderungsvorschlag gibt es nicht (mehr)."));
    }

    // Ids only: the audit trail holds no names or addresses.
    private Task AuditAsync(string fundId, string action, AdminPrincipal by, SponsorChangeProposal proposal, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"sponsor/{proposal.SponsorId}", FromState = "proposal/" + proposal.Id, ToState = action.EndsWith("accept", StringComparison.Ordinal) ? "confirmed" : "unchanged",
            },
            cancellationToken);
}
