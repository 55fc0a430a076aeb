using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Ledger;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Decisions;

/// <summary>
/// Carries a committed ledger decision over to the application row: the second step of every board decision,
/// renunciation and revocation.
/// <para><b>Consistency design.</b> The ledger's <c>decision-{reference}</c> row is the truth about votes and money;
/// the application row is the truth about what the applicant did. The two live in different tables, so they cannot
/// commit together: the ledger commits first (with a <c>pending-{reference}</c> marker), then this step moves the
/// application row (one Applications-partition transaction with its e-mail as an outbox row and, where a place is
/// freed, the cap counter), then removes the marker if nothing changed since. A crash anywhere in between leaves the
/// marker; the next request on the application (a repeated vote, any action) or the <c>HealDecisions</c> timer runs
/// this step again. Each case below is idempotent, so running it twice does nothing more:</para>
/// <list type="bullet">
/// <item>approved in the ledger, ready for board in the application → approved (+ approval e-mail);</item>
/// <item>approved in the ledger, but the applicant withdrew first (the withdrawal committed between the two steps) →
/// the withdrawal stands and the ledger releases every allocation (the approval never reached the applicant);</item>
/// <item>rejected in the ledger, ready for board in the application → rejected (+ e-mail with the reason, place freed);</item>
/// <item>released in the ledger, approved in the application → withdrawn (renounced) or rejected (revoked).</item>
/// </list>
/// </summary>
public sealed partial class DecisionSync(
    DecisionTable decisions,
    GrantLedger ledger,
    ApplicationStore applications,
    FundTable funds,
    AuditLog audit,
    IDecisionSteps steps,
    TimeProvider time,
    ILogger<DecisionSync> logger)
{
    private const int MaxAttempts = 20;

    /// <summary>Applies the stored decision to the application and returns the application as it stands afterwards.</summary>
    public async Task<Application> SyncAsync(string fundId, string reference, CancellationToken cancellationToken)
    {
        var fund = (await funds.GetAsync(fundId, cancellationToken))?.Value
            ?? throw new ProblemException(Problems.NotFound($"Es gibt keinen Fonds '{fundId}'."));
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var pending = await ledger.Table.GetEntityIfExistsAsync<TableEntity>(fundId, LedgerRows.PendingKey(reference), cancellationToken: cancellationToken);
            var decision = await decisions.ReadAsync(fundId, reference, cancellationToken);
            var (application, etag) = await applications.GetAsync(fundId, reference, cancellationToken);
            if (decision is null)
            {
                return application;
            }

            var applied = await ApplyAsync(fund, decision.Value.Decision, decision.Value.ETag, application, etag, cancellationToken);
            if (applied is null)
            {
                continue;
            }

            if (pending.HasValue)
            {
                try
                {
                    // Only if no newer ledger change wrote the marker again since we read it.
                    await ledger.Table.DeleteEntityAsync(fundId, LedgerRows.PendingKey(reference), pending.Value!.ETag, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                }
            }

            return applied;
        }

        throw new ProblemException(Problems.Busy());
    }

    /// <summary>Heals every decision of a fund whose second step is still open (the timer's work; reads only the marker range).</summary>
    public async Task<int> HealFundAsync(string fundId, TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var healed = 0;
        var cutoff = time.GetUtcNow() - minimumAge;
        await foreach (var marker in ledger.Table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, LedgerRows.PendingPrefix), cancellationToken: cancellationToken))
        {
            if (marker.GetDateTimeOffset("At") > cutoff)
            {
                continue;
            }

            try
            {
                await SyncAsync(fundId, marker.RowKey[LedgerRows.PendingPrefix.Length..], cancellationToken);
                healed++;
            }
            catch (Exception ex) when (ex is RequestFailedException or ProblemException)
            {
                LogHealFailed(logger, ex, fundId, marker.RowKey);
            }
        }

        return healed;
    }

    /// <returns>The application after this step, or null when something changed meanwhile (read again).</returns>
    private async Task<Application?> ApplyAsync(Fund fund, GrantDecision decision, ETag decisionETag, Application application, ETag etag, CancellationToken cancellationToken)
    {
        switch (decision.State, application.Status)
        {
            case (DecisionState.Approved, ApplicationStatus.ReadyForBoard):
            {
                var terms = decision.Terms!;
                return await MoveAsync(fund, application, etag, WorkflowAction.Approve, null, terms, a => a with
                {
                    Decision = new Decision(ApplicationStatus.Approved, terms.GrantedAmount, decision.DecidedAt!.Value, terms.Conditions, terms.ProofOfUseDueOn),
                }, DecidedBy(decision), cancellationToken);
            }

            case (DecisionState.Approved, ApplicationStatus.Withdrawn):
            {
                // The applicant's withdrawal reached the application before the approval did: it stands, the money goes back.
                var released = decision with
                {
                    State = DecisionState.Released,
                    ReleasedTo = ApplicationStatus.Withdrawn,
                    Allocations = GrantLedger.Without(decision.Allocations, decision.Allocations),
                    UpdatedAt = time.GetUtcNow(),
                };
                if (!await ledger.TryCommitAsync(released, decisionETag, [], AllocationPlanner.Release(decision.Allocations, decision.Allocated), cancellationToken))
                {
                    return null;
                }

                await AuditAsync(fund.Id, "grant.release", null, application.Reference, "Approved", "Released", "vom Antragsteller vor Zugang der Bewilligung zurückgezogen", cancellationToken);
                return application;
            }

            case (DecisionState.Rejected, ApplicationStatus.ReadyForBoard):
                return await MoveAsync(fund, application, etag, WorkflowAction.Reject, decision.Reason, null, a => a with
                {
                    Decision = new Decision(ApplicationStatus.Rejected, null, decision.DecidedAt!.Value, null, null, decision.Reason),
                }, DecidedBy(decision), cancellationToken);

            case (DecisionState.Released, ApplicationStatus.Approved):
            {
                var action = decision.ReleasedTo == ApplicationStatus.Rejected ? WorkflowAction.Revoke : WorkflowAction.Renounce;
                return await MoveAsync(fund, application, etag, action, decision.Reason, null, a => a with
                {
                    Decision = action == WorkflowAction.Revoke
                        ? new Decision(ApplicationStatus.Rejected, null, decision.UpdatedAt, null, null, decision.Reason)
                        : a.Decision,
                }, decision.ReleasedBy, cancellationToken);
            }

            default:
                return application;
        }
    }

    private async Task<Application?> MoveAsync(
        Fund fund,
        Application application,
        ETag etag,
        WorkflowAction action,
        string? note,
        GrantTerms? terms,
        Func<Application, Application> complete,
        string? by,
        CancellationToken cancellationToken)
    {
        var transition = ApplicationStore.Require(application, action);
        var after = complete(applications.Advance(application, transition, note));
        var message = WorkflowMessages.For(fund, after, action, note, terms);
        if (!await applications.TryCommitAsync(fund, after, etag, transition, message, null, cancellationToken))
        {
            return null;
        }

        await steps.ReachedAsync(DecisionStepNames.AfterApplicationUpdate, cancellationToken);
        await AuditAsync(fund.Id, "application." + char.ToLowerInvariant(action.ToString()[0]) + action.ToString()[1..], by, application.Reference,
            transition.From.ToString(), transition.To.ToString(), note, cancellationToken);
        return after;
    }

    private static string? DecidedBy(GrantDecision decision) => decision.Votes.Count > 0 ? decision.Votes[^1].PrincipalId : null;

    private Task AuditAsync(string fundId, string action, string? by, string reference, string from, string to, string? note, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by,
                Target = $"application/{reference}", FromState = from, ToState = to, Reason = Trim(note),
            },
            cancellationToken);

    /// <summary>Notes go to the trail shortened; they are the office's and board's words about the application, not contact data.</summary>
    public static string? Trim(string? note) => note is null ? null : note.Length <= 200 ? note : note[..200] + "…";

    [LoggerMessage(Level = LogLevel.Error, Message = "Decision marker {RowKey} of fund {FundId} could not be healed")]
    private static partial void LogHealFailed(ILogger logger, Exception exception, string fundId, string rowKey);
}
