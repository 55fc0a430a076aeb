using MintFonds.Core.Applications;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Ledger;

public sealed record ReleaseInput
{
    public string? Reason { get; init; }
}

public sealed record BookingInput
{
    public Euro? Amount { get; init; }

    /// <summary>The bank's reference of the transfer; the same reference again changes nothing (idempotent).</summary>
    public string? BankReference { get; init; }
}

public sealed record GrantBooking(string Kind, string BankReference, Euro Amount, DateTimeOffset At, string By);

/// <summary>
/// An approved grant after the decision: renounced by the grantee (office) or revoked (board) — both release every
/// allocation back to the payments it came from — and its payouts and repayments (a repayment releases that much,
/// newest money first).
/// <para><b>Consistency design.</b> Each change is one <see cref="GrantLedger"/> transaction on the grant's
/// <c>decision-</c> row (ETag) with the <c>open-</c>/<c>funded-</c> rows it gives money back to; a concurrent change of
/// the same grant or of the same payments makes it read again. Payouts and repayments carry the bank reference and are
/// kept in the decision row, so a repeated request finds its booking and changes nothing. Renunciation and revocation
/// need the grantee to hold nothing (paid out minus repaid is zero): money already paid out comes back as a repayment
/// first. The application row follows through <see cref="DecisionSync"/>.</para>
/// </summary>
public sealed class GrantService(DecisionTable decisions, GrantLedger ledger, DecisionSync sync, AuditLog audit, IDecisionSteps steps, TimeProvider time)
{
    private const int MaxAttempts = 50;

    public Task<Application> RenounceAsync(string fundId, string reference, AdminPrincipal by, ReleaseInput input, CancellationToken cancellationToken) =>
        ReleaseAsync(fundId, reference, by, WorkflowAction.Renounce, input, cancellationToken);

    public Task<Application> RevokeAsync(string fundId, string reference, AdminPrincipal by, ReleaseInput input, CancellationToken cancellationToken) =>
        ReleaseAsync(fundId, reference, by, WorkflowAction.Revoke, input, cancellationToken);

    public async Task<GrantDecision> BookAsync(string fundId, string reference, AdminPrincipal by, string kind, BookingInput input, CancellationToken cancellationToken)
    {
        var check = new Core.Validation.InputChecker();
        var bankReference = check.Text("bankReference", input.BankReference, 100);
        if (input.Amount is not { } amount || amount <= Euro.Zero)
        {
            check.Add("amount", "Einen Betrag über 0 € angeben.");
            amount = Euro.Zero;
        }

        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var application = await sync.SyncAsync(fundId, reference, cancellationToken);
            var stored = await decisions.ReadAsync(fundId, reference, cancellationToken);
            if (application.Status != ApplicationStatus.Approved || stored is not { } s || s.Decision.State != DecisionState.Approved)
            {
                throw new ProblemException(Problems.Conflict("Zahlungen werden nur zu bewilligten Anträgen erfasst."));
            }

            var decision = s.Decision;
            var bookings = Bookings(decision);
            if (bookings.FirstOrDefault(b => b.BankReference == bankReference) is { } earlier)
            {
                return earlier.Kind == kind && earlier.Amount == amount
                    ? decision
                    : throw new ProblemException(Problems.Conflict($"Unter der Bankreferenz '{bankReference}' ist bereits eine andere Buchung erfasst.", "bankReference"));
            }

            GrantDecision next;
            IReadOnlyList<Allocation> releases = [];
            var booking = new GrantBooking(kind, bankReference!, amount, time.GetUtcNow(), by.ObjectId);
            if (kind == "payout")
            {
                if (decision.PendingPayout is { } pending)
                {
                    // The bank statement will confirm that transfer; a typed-in booking as well would count it twice.
                    throw new ProblemException(Problems.Conflict($"Der Zuschuss steht in der Auszahlungsdatei {pending.ExportId}; die Buchung kommt mit dem Kontoauszug."));
                }

                var payable = decision.Allocated - decision.HeldByGrantee;
                if (amount > payable)
                {
                    throw new ProblemException(Problems.Conflict($"Auszahlbar sind noch {payable.ToGermanString()}.", "amount"));
                }

                next = decision with { PaidOut = decision.PaidOut + amount };
            }
            else
            {
                if (amount > decision.HeldByGrantee)
                {
                    throw new ProblemException(Problems.Conflict($"Zurückgezahlt werden können höchstens die ausgezahlten {decision.HeldByGrantee.ToGermanString()}.", "amount"));
                }

                releases = AllocationPlanner.Release(decision.Allocations, amount);
                next = decision with { Repaid = decision.Repaid + amount, Allocations = GrantLedger.Without(decision.Allocations, releases) };
            }

            next = next with { Bookings = [.. bookings, booking], UpdatedAt = time.GetUtcNow() };
            if (await ledger.TryCommitAsync(next, s.ETag, [], releases, cancellationToken))
            {
                await audit.WriteAsync(
                    new AuditEntry
                    {
                        Subject = fundId, Action = "grant." + kind, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                        Target = $"application/{reference}", Reason = amount.ToString(),
                    },
                    cancellationToken);
                await sync.SyncAsync(fundId, reference, cancellationToken);
                return next;
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<Application> ReleaseAsync(string fundId, string reference, AdminPrincipal by, WorkflowAction action, ReleaseInput input, CancellationToken cancellationToken)
    {
        var check = new Core.Validation.InputChecker();
        var reason = check.Text("reason", input.Reason, 2000, required: action == WorkflowAction.Revoke, multiLine: true);
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var application = await sync.SyncAsync(fundId, reference, cancellationToken);
            var stored = await decisions.ReadAsync(fundId, reference, cancellationToken);
            if (stored is { } done && done.Decision.State == DecisionState.Released && done.Decision.ReleasedBy == by.ObjectId
                && application.Status == ApplicationWorkflow.Find(ApplicationStatus.Approved, action)!.To)
            {
                return application; // the same request again
            }

            var transition = ApplicationStore.Require(application, action);
            var decision = stored!.Value.Decision;
            if (decision.PendingPayout is { } pending)
            {
                // The bank may still execute that transfer: releasing its money now would let it be paid out twice.
                throw new ProblemException(Problems.Conflict(
                    $"Der Zuschuss steht in der Auszahlungsdatei {pending.ExportId}; bitte die Datei zuerst stornieren oder die Buchung mit dem Kontoauszug abwarten."));
            }

            if (decision.HeldByGrantee > Euro.Zero)
            {
                throw new ProblemException(Problems.Conflict(
                    $"Die Zuwendungsempfänger halten noch {decision.HeldByGrantee.ToGermanString()} aus diesem Zuschuss; bitte zuerst die Rückzahlung erfassen."));
            }

            var releases = AllocationPlanner.Release(decision.Allocations, decision.Allocated);
            var next = decision with
            {
                State = DecisionState.Released,
                ReleasedTo = transition.To,
                ReleasedBy = by.ObjectId,
                Reason = reason,
                Allocations = GrantLedger.Without(decision.Allocations, releases),
                UpdatedAt = time.GetUtcNow(),
            };
            await steps.ReachedAsync(DecisionStepNames.BeforeLedgerCommit, cancellationToken);
            if (await ledger.TryCommitAsync(next, stored.Value.ETag, [], releases, cancellationToken))
            {
                await steps.ReachedAsync(DecisionStepNames.AfterLedgerCommit, cancellationToken);
                return await sync.SyncAsync(fundId, reference, cancellationToken);
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private static IReadOnlyList<GrantBooking> Bookings(GrantDecision decision) => decision.Bookings;
}
