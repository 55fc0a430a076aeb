using MintFonds.Core.Applications;

namespace MintFonds.Core.Workflow;

/// <summary>What moves an application from one state to the next.</summary>
public enum WorkflowAction
{
    /// <summary>The office starts checking a submitted application.</summary>
    StartReview,

    /// <summary>The office asks the applicant for changes (the e-mail names them).</summary>
    RequestChanges,

    /// <summary>The applicant sends the changed application through the status link; the previous version is kept.</summary>
    Resubmit,

    /// <summary>The office has assessed the application and hands it to the board with a recommendation and proposed terms.</summary>
    SubmitToBoard,

    /// <summary>The board's decisive approving vote: the grant is allocated to money the fund holds.</summary>
    Approve,

    /// <summary>The board's decisive rejecting vote (with a reason the applicant reads).</summary>
    Reject,

    /// <summary>The applicant withdraws before a decision (status link).</summary>
    Withdraw,

    /// <summary>The office records that the grantee renounced an approved grant; its money is released.</summary>
    Renounce,

    /// <summary>The board revokes an approved grant (with a reason); its money is released.</summary>
    Revoke,
}

/// <summary>Who may take an action.</summary>
public enum WorkflowActor
{
    Office,
    Board,
    Applicant,
}

public sealed record WorkflowTransition(WorkflowAction Action, ApplicationStatus From, ApplicationStatus To, WorkflowActor Actor);

/// <summary>
/// The one transition table of an application's life. Everything else (HTTP routes, the applicant's page, the tests
/// of every allowed and forbidden step) is derived from it.
/// <code>
/// submitted ─StartReview→ in review ─RequestChanges→ changes requested ─Resubmit→ in review
/// in review ─SubmitToBoard→ ready for board ─Approve→ approved ─Renounce→ withdrawn
///                                           └Reject→ rejected   └Revoke→ rejected
/// submitted | in review | changes requested | ready for board ─Withdraw (applicant)→ withdrawn
/// </code>
/// Rejected and withdrawn are final; approved ends there unless renounced or revoked. Leaving approved releases the
/// grant's allocations back to the money they came from; rejected and withdrawn free the institution's place in its
/// yearly cap.
/// </summary>
public static class ApplicationWorkflow
{
    public static readonly IReadOnlyList<WorkflowTransition> Transitions =
    [
        new(WorkflowAction.StartReview, ApplicationStatus.Submitted, ApplicationStatus.InReview, WorkflowActor.Office),
        new(WorkflowAction.RequestChanges, ApplicationStatus.InReview, ApplicationStatus.ChangesRequested, WorkflowActor.Office),
        new(WorkflowAction.Resubmit, ApplicationStatus.ChangesRequested, ApplicationStatus.InReview, WorkflowActor.Applicant),
        new(WorkflowAction.SubmitToBoard, ApplicationStatus.InReview, ApplicationStatus.ReadyForBoard, WorkflowActor.Office),
        new(WorkflowAction.Approve, ApplicationStatus.ReadyForBoard, ApplicationStatus.Approved, WorkflowActor.Board),
        new(WorkflowAction.Reject, ApplicationStatus.ReadyForBoard, ApplicationStatus.Rejected, WorkflowActor.Board),
        new(WorkflowAction.Withdraw, ApplicationStatus.Submitted, ApplicationStatus.Withdrawn, WorkflowActor.Applicant),
        new(WorkflowAction.Withdraw, ApplicationStatus.InReview, ApplicationStatus.Withdrawn, WorkflowActor.Applicant),
        new(WorkflowAction.Withdraw, ApplicationStatus.ChangesRequested, ApplicationStatus.Withdrawn, WorkflowActor.Applicant),
        new(WorkflowAction.Withdraw, ApplicationStatus.ReadyForBoard, ApplicationStatus.Withdrawn, WorkflowActor.Applicant),
        new(WorkflowAction.Renounce, ApplicationStatus.Approved, ApplicationStatus.Withdrawn, WorkflowActor.Office),
        new(WorkflowAction.Revoke, ApplicationStatus.Approved, ApplicationStatus.Rejected, WorkflowActor.Board),
    ];

    /// <summary>The transition an action makes from a state, or null when the action is not allowed there.</summary>
    public static WorkflowTransition? Find(ApplicationStatus from, WorkflowAction action) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Action == action);

    /// <summary>The actions allowed in a state, in the table's order.</summary>
    public static IReadOnlyList<WorkflowAction> AllowedFrom(ApplicationStatus from) =>
        [.. Transitions.Where(t => t.From == from).Select(t => t.Action).Distinct()];

    public static bool IsFinal(ApplicationStatus status) => AllowedFrom(status).Count == 0;

    /// <summary>The applicant may withdraw only before a decision.</summary>
    public static bool ApplicantCanWithdraw(ApplicationStatus status) => Find(status, WorkflowAction.Withdraw) is not null;

    /// <summary>Whether leaving <paramref name="from"/> by this transition releases a grant's money.</summary>
    public static bool ReleasesMoney(WorkflowTransition transition) => transition.From == ApplicationStatus.Approved;

    /// <summary>Whether the transition frees the institution's place in its yearly cap (see <c>ApplicationRows.CapKey</c>).</summary>
    public static bool FreesCapPlace(WorkflowTransition transition) =>
        transition.To is ApplicationStatus.Rejected or ApplicationStatus.Withdrawn;

    /// <summary>German name of an action, for problem texts and the audit list.</summary>
    public static string Label(WorkflowAction action) => action switch
    {
        WorkflowAction.StartReview => "Prüfung beginnen",
        WorkflowAction.RequestChanges => "Nachbesserung erbitten",
        WorkflowAction.Resubmit => "überarbeitet einreichen",
        WorkflowAction.SubmitToBoard => "dem Vergabegremium vorlegen",
        WorkflowAction.Approve => "bewilligen",
        WorkflowAction.Reject => "ablehnen",
        WorkflowAction.Withdraw => "zurückziehen",
        WorkflowAction.Renounce => "Verzicht erfassen",
        WorkflowAction.Revoke => "Bewilligung widerrufen",
        _ => action.ToString(),
    };
}
