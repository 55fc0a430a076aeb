using MintFonds.Core.Money;

namespace MintFonds.Core.Applications;

/// <summary>What the applicant sees on the status page: no bank data, no other personal data beyond their own project.</summary>
public sealed record ApplicantView(
    string Reference,
    string FundName,
    string CallTitle,
    string ProjectTitle,
    ApplicationStatus Status,
    string StatusLabel,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<TimelineEntry> Timeline,
    DecisionView? Decision,
    string NextStep,
    bool CanWithdraw)
{
    /// <summary>For an approved grant: the proof of use (due date, sent, accepted, more requested, repayment).</summary>
    public ProofOfUseView? ProofOfUse { get; init; }
}

public sealed record TimelineEntry(ApplicationStatus Status, string Label, DateTimeOffset At);

public sealed record DecisionView(ApplicationStatus Outcome, Euro? GrantedAmount, DateTimeOffset DecidedAt, string? Conditions, DateOnly? ProofOfUseDueOn);

/// <summary>Builds the applicant's view and says in plain German what happens next.</summary>
public static class ApplicantViews
{
    public static ApplicantView For(Application application, string fundName, string callTitle) => new(
        application.Reference,
        fundName,
        callTitle,
        application.Project.Title,
        application.Status,
        Label(application.Status),
        application.SubmittedAt,
        [.. application.Timeline.Select(t => new TimelineEntry(t.Status, Label(t.Status), t.At))],
        application.Decision is { } d ? new DecisionView(d.Outcome, d.GrantedAmount, d.DecidedAt, d.Conditions, d.ProofOfUseDueOn) : null,
        NextStep(application),
        CanWithdraw(application.Status));

    public static bool CanWithdraw(ApplicationStatus status) => Workflow.ApplicationWorkflow.ApplicantCanWithdraw(status);

    public static string Label(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "Eingegangen",
        ApplicationStatus.InReview => "In Prüfung",
        ApplicationStatus.ChangesRequested => "Rückfrage / Nachbesserung erbeten",
        ApplicationStatus.ReadyForBoard => "Beim Vergabegremium",
        ApplicationStatus.Approved => "Bewilligt",
        ApplicationStatus.Rejected => "Abgelehnt",
        ApplicationStatus.Withdrawn => "Zurückgezogen",
        _ => status.ToString(),
    };

    private static string NextStep(Application application) => application.Status switch
    {
        ApplicationStatus.Submitted => "Die Geschäftsstelle prüft den Antrag auf Vollständigkeit. Sie erhalten eine E-Mail, sobald es Neuigkeiten gibt.",
        ApplicationStatus.InReview => "Die Geschäftsstelle prüft und bewertet den Antrag. Sie erhalten eine E-Mail, sobald es Neuigkeiten gibt.",
        ApplicationStatus.ReadyForBoard => "Das Vergabegremium berät über den Antrag. Sie erhalten die Entscheidung per E-Mail.",
        ApplicationStatus.ChangesRequested => "Bitte überarbeiten Sie den Antrag wie in der E-Mail der Geschäftsstelle erbeten und reichen Sie ihn über Ihren Statuslink erneut ein.",
        ApplicationStatus.Approved when application.Decision?.ProofOfUseDueOn is { } due =>
            $"Bitte reichen Sie den Verwendungsnachweis bis zum {due:dd.MM.yyyy} ein.",
        ApplicationStatus.Approved => "Die Mittel werden ausgezahlt. Hinweise zum Verwendungsnachweis folgen per E-Mail.",
        ApplicationStatus.Rejected => "Der Antrag wurde abgelehnt. Ein neuer Antrag in einer späteren Förderrunde ist möglich.",
        ApplicationStatus.Withdrawn => "Der Antrag wurde zurückgezogen. Es ist nichts weiter zu tun.",
        _ => string.Empty,
    };
}
