namespace MintFonds.Functions.Decisions;

/// <summary>
/// Named points between the steps of a decision (ledger commit, application update with its e-mail, audit and marker removal). Production
/// does nothing there; the crash tests throw at each one to prove that a retry or the heal timer completes what was
/// begun and never leaves half an approval.
/// </summary>
public interface IDecisionSteps
{
    ValueTask ReachedAsync(string checkpoint, CancellationToken cancellationToken);
}

public sealed class NoDecisionSteps : IDecisionSteps
{
    public ValueTask ReachedAsync(string checkpoint, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

public static class DecisionStepNames
{
    public const string BeforeLedgerCommit = "before-ledger-commit";
    public const string AfterLedgerCommit = "after-ledger-commit";
    public const string AfterApplicationUpdate = "after-application-update";

    public static readonly IReadOnlyList<string> All = [BeforeLedgerCommit, AfterLedgerCommit, AfterApplicationUpdate];
}
