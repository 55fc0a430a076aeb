using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Ledger;

public enum DecisionState
{
    /// <summary>Board members are voting; nothing decided, no money touched.</summary>
    Voting,

    /// <summary>Approved: <see cref="GrantDecision.Allocations"/> hold the granted amount.</summary>
    Approved,

    /// <summary>Rejected by the board before any money was allocated.</summary>
    Rejected,

    /// <summary>Was approved; renounced, revoked, or withdrawn before the approval reached the application: all money released.</summary>
    Released,
}

/// <summary>
/// The board's ballot and decision on one application, kept in the fund's Ledger partition
/// (<c>decision-{reference}</c>) so that the decisive vote, the grant and its allocations commit in one transaction
/// with the money rows they change. The application row follows (see <c>DecisionSync</c>).
/// </summary>
public sealed record GrantDecision
{
    public required string FundId { get; init; }

    public required string Reference { get; init; }

    public required string InstitutionKey { get; init; }

    public required DecisionState State { get; init; }

    public IReadOnlyList<BoardVote> Votes { get; init; } = [];

    /// <summary>The approved terms; null until approved.</summary>
    public GrantTerms? Terms { get; init; }

    /// <summary>Reason of a rejection or revocation, shown to the applicant.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="DecisionState.Released"/>: the state the application ends in (withdrawn or rejected).</summary>
    public ApplicationStatus? ReleasedTo { get; init; }

    /// <summary>Who renounced/revoked, or null when released because the applicant withdrew first.</summary>
    public string? ReleasedBy { get; init; }

    /// <summary>The grant's draws on payments, current amounts (repayments and releases reduce them; never below 0).</summary>
    public IReadOnlyList<Allocation> Allocations { get; init; } = [];

    public Euro PaidOut { get; init; }

    public Euro Repaid { get; init; }

    /// <summary>Payouts and repayments by bank reference (a repeated request finds its booking).</summary>
    public IReadOnlyList<GrantBooking> Bookings { get; init; } = [];

    /// <summary>Transfers of this grant through payout files, oldest first (see <c>Payouts/</c>); the last one is the current.</summary>
    public IReadOnlyList<Payouts.GrantPayout> Payouts { get; init; } = [];

    public DateTimeOffset? DecidedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Euro Allocated => Allocations.Aggregate(Euro.Zero, (sum, a) => sum + a.Amount);

    /// <summary>Paid out and not repaid: money the grantee holds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Euro HeldByGrantee => PaidOut - Repaid;

    /// <summary>Allocated and not yet paid out: what a payout file may still transfer.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Euro Payable => State == DecisionState.Approved ? Allocated - HeldByGrantee : Euro.Zero;

    /// <summary>The transfer sent to the bank and not yet confirmed, cancelled or returned; null when there is none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Payouts.GrantPayout? PendingPayout => Payouts.LastOrDefault(p => p.State == MintFonds.Functions.Payouts.PayoutState.Exported);
}

/// <summary>The decision rows (Ledger table, partition = fund id, <c>decision-{reference}</c>).</summary>
public sealed class DecisionTable(StorageAccount storage) : DocumentTable<GrantDecision>(storage.Table(TableNames.Ledger))
{
    public TableClient Client => Table;

    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(GrantDecision document) =>
    [
        new("State", document.State.ToString()),
        new("AllocatedCents", document.Allocated.Cents),
        new("PaidOutCents", document.PaidOut.Cents),
        new("RepaidCents", document.Repaid.Cents),
    ];

    public TableEntity Entity(GrantDecision decision, ETag etag = default)
    {
        var entity = ToEntity(decision.FundId, LedgerRows.DecisionKey(decision.Reference), decision);
        entity.ETag = etag;
        return entity;
    }

    /// <summary>The decision and the id of the write that stored it (to recognise our own committed transaction).</summary>
    public async Task<(GrantDecision Decision, ETag ETag, string? WriteId)?> ReadAsync(string fundId, string reference, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(fundId, LedgerRows.DecisionKey(reference), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var stored = ToStored(row.Value!);
        return (stored.Value, stored.ETag, row.Value!.GetString("WriteId"));
    }
}
