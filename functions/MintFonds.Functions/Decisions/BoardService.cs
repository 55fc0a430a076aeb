using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;

namespace MintFonds.Functions.Decisions;

public sealed record VoteInput
{
    public VoteChoice? Vote { get; init; }

    public string? Comment { get; init; }

    /// <summary>Required with a rejecting vote: the applicant reads it if this vote decides.</summary>
    public string? Reason { get; init; }
}

public sealed record VoteOutcome(Application Application, GrantDecision Decision);

/// <summary>
/// The board's votes. Each vote is one ledger transaction on the application's <c>decision-{reference}</c> row
/// (ETag-guarded, so two votes at the same moment are counted one after the other, never past each other); the vote
/// that reaches the fund's quorum decides in that same transaction, and for an approval the transaction also holds the
/// grant's allocations (see <see cref="GrantLedger"/>). Nothing is written when the fund lacks fitting money: the
/// vote is refused with what is available per earmark. The application row follows through <see cref="DecisionSync"/>.
/// Refused: a second vote of the same person (repeating the same vote is answered as done), the person who assessed or
/// handed the application to the board (four eyes), and a board member who declared a conflict of interest for the
/// institution.
/// </summary>
public sealed class BoardService(
    ApplicationStore applications,
    DecisionTable decisions,
    GrantLedger ledger,
    DecisionSync sync,
    FundTable funds,
    AuditLog audit,
    IDecisionSteps steps,
    TimeProvider time)
{
    private const int MaxAttempts = 100;

    public async Task<VoteOutcome> VoteAsync(string fundId, string reference, AdminPrincipal by, VoteInput input, CancellationToken cancellationToken)
    {
        var fund = (await funds.GetAsync(fundId, cancellationToken))!.Value;
        var (choice, comment, reason) = Validate(input);
        var required = DecisionSettings.Of(fund).BoardApprovalsRequired;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (application, _) = await applications.GetAsync(fundId, reference, cancellationToken);
            var stored = await decisions.ReadAsync(fundId, reference, cancellationToken);
            if (stored?.Decision.Votes.FirstOrDefault(v => v.PrincipalId == by.ObjectId) is { } earlier)
            {
                if (earlier.Choice != choice)
                {
                    throw new ProblemException(Problems.Conflict("Sie haben zu diesem Antrag bereits anders abgestimmt; jede Person stimmt einmal ab."));
                }

                // The same vote again (a retry, or a click after a crash): finish what it began.
                return new VoteOutcome(await sync.SyncAsync(fundId, reference, cancellationToken), (await decisions.ReadAsync(fundId, reference, cancellationToken))!.Value.Decision);
            }

            if (stored is { } s && s.Decision.State != DecisionState.Voting)
            {
                var now = await sync.SyncAsync(fundId, reference, cancellationToken);
                throw new ProblemException(ApplicationStore.IllegalTransition(now.Status, Action(choice)));
            }

            ApplicationStore.Require(application, Action(choice));
            await RefuseIfNotIndependentAsync(fundId, application, by, cancellationToken);

            var votes = (stored?.Decision.Votes ?? []).Append(new BoardVote(by.ObjectId, choice, comment, time.GetUtcNow())).ToList();
            var outcome = BoardTally.Outcome(votes, required);
            var next = new GrantDecision
            {
                FundId = fundId,
                Reference = reference,
                InstitutionKey = application.InstitutionKey,
                State = outcome switch { VoteChoice.Approve => DecisionState.Approved, VoteChoice.Reject => DecisionState.Rejected, _ => DecisionState.Voting },
                Votes = votes,
                Terms = outcome == VoteChoice.Approve ? application.BoardSubmission!.ProposedTerms : null,
                Reason = outcome == VoteChoice.Reject ? reason : null,
                DecidedAt = outcome is null ? null : time.GetUtcNow(),
                UpdatedAt = time.GetUtcNow(),
            };

            IReadOnlyList<(Allocation, MoneyIn, ETag)> draws = [];
            if (outcome == VoteChoice.Approve)
            {
                draws = await PlanAsync(application, next.Terms!.GrantedAmount, cancellationToken);
                next = next with { Allocations = [.. draws.Select(d => d.Item1)] };
            }

            await steps.ReachedAsync(DecisionStepNames.BeforeLedgerCommit, cancellationToken);
            if (await ledger.TryCommitAsync(next, stored?.ETag ?? default, draws, [], cancellationToken))
            {
                await steps.ReachedAsync(DecisionStepNames.AfterLedgerCommit, cancellationToken);
                await audit.WriteAsync(
                    new AuditEntry
                    {
                        Subject = fundId, Action = "board.vote", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                        Target = $"application/{reference}", ToState = choice.ToString(), Reason = DecisionSync.Trim(comment ?? reason),
                    },
                    cancellationToken);
                return new VoteOutcome(await sync.SyncAsync(fundId, reference, cancellationToken), next);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + (10 * Math.Min(attempt, 20)))), cancellationToken);
        }

        throw new ProblemException(Problems.Busy());
    }

    /// <summary>A board member declares a conflict of interest for the institution of an application (and so for all its applications).</summary>
    public async Task DeclareConflictAsync(string fundId, string reference, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var (application, _) = await applications.GetAsync(fundId, reference, cancellationToken);
        await applications.Table.UpsertEntityAsync(
            new TableEntity(fundId, ConflictKey(application.InstitutionKey, by.ObjectId)) { ["DeclaredAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);
        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "board.conflict-of-interest", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"application/{reference}",
            },
            cancellationToken);
    }

    /// <summary>Applications partition: <c>coi-{institutionKey}-{principalId}</c>, one row per declared conflict.</summary>
    public static string ConflictKey(string institutionKey, string principalId) => $"coi-{institutionKey}-{principalId}";

    private async Task RefuseIfNotIndependentAsync(string fundId, Application application, AdminPrincipal by, CancellationToken cancellationToken)
    {
        string? refusal = null;
        if (application.Assessments.Any(a => a.AssessorId == by.ObjectId) || application.BoardSubmission?.SubmittedBy == by.ObjectId)
        {
            refusal = "four-eyes";
        }
        else if ((await applications.Table.GetEntityIfExistsAsync<TableEntity>(fundId, ConflictKey(application.InstitutionKey, by.ObjectId), cancellationToken: cancellationToken)).HasValue)
        {
            refusal = "conflict-of-interest";
        }

        if (refusal is null)
        {
            return;
        }

        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "board.vote", Outcome = AuditOutcome.Refused, PrincipalId = by.ObjectId,
                Target = $"application/{application.Reference}", Reason = refusal,
            },
            cancellationToken);
        throw new ProblemException(Problems.Forbidden(refusal == "four-eyes"
            ? "Wer einen Antrag bewertet oder dem Gremium vorgelegt hat, stimmt über ihn nicht ab (Vier-Augen-Prinzip)."
            : "Sie haben für diese Einrichtung einen Interessenkonflikt erklärt und stimmen über ihre Anträge nicht ab."));
    }

    private async Task<IReadOnlyList<(Allocation, MoneyIn, ETag)>> PlanAsync(Application application, Euro amount, CancellationToken cancellationToken)
    {
        var open = await ledger.OpenMoneyAsync(application.FundId, cancellationToken);
        var plan = AllocationPlanner.Plan([.. open.Select(o => o.Money)], application, amount, GrantLedger.MaxPaymentsPerTransaction);
        return plan switch
        {
            AllocationPlan.Funded funded => [.. funded.Draws.Select(d =>
            {
                var (money, etag) = open.First(o => o.Money.PaymentId == d.PaymentId);
                return (d, money, etag);
            })],
            AllocationPlan.Insufficient insufficient => throw new ProblemException(Problems.Conflict(
                $"Für diesen Antrag ist nicht genug passendes Geld verfügbar: bewilligt werden sollen {amount.ToGermanString()}, passend verfügbar sind {insufficient.Fitting.ToGermanString()}. Es wurde nichts gespeichert.")
                with
                {
                    Extensions = new Dictionary<string, object>
                    {
                        ["requested"] = amount.ToDecimal(),
                        ["availableFitting"] = insufficient.Fitting.ToDecimal(),
                        ["availableByEarmark"] = insufficient.Available.Select(a => new { earmark = a.Earmark, fitsApplication = a.FitsApplication, available = a.Available.ToDecimal() }).ToArray(),
                    },
                }),
            AllocationPlan.TooFragmented fragmented => throw new ProblemException(Problems.Conflict(
                $"Das passende Geld ist auf {fragmented.PaymentsNeeded} Zahlungen verteilt; eine Bewilligung kann höchstens {fragmented.MaxPayments} Zahlungen in Anspruch nehmen. Bitte einen kleineren Betrag bewilligen.")),
            _ => throw new InvalidOperationException("Unknown plan."),
        };
    }

    private static WorkflowAction Action(VoteChoice choice) => choice == VoteChoice.Approve ? WorkflowAction.Approve : WorkflowAction.Reject;

    private static (VoteChoice Choice, string? Comment, string? Reason) Validate(VoteInput input)
    {
        var check = new Core.Validation.InputChecker();
        if (input.Vote is null)
        {
            check.Add("vote", "approve oder reject angeben.");
        }

        var comment = check.Text("comment", input.Comment, 2000, required: false, multiLine: true);
        var reason = check.Text("reason", input.Reason, 2000, required: input.Vote == VoteChoice.Reject, multiLine: true);
        return check.HasErrors ? throw new ProblemException(Problems.Validation(check.Errors)) : (input.Vote!.Value, comment, reason);
    }
}
