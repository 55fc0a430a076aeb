using MintFonds.Core.Money;

namespace MintFonds.Core.Applications;

/// <summary>What the applicant sees on the status page: no bank account number, no personal data beyond their own application.</summary>
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
    /// <summary>The call the application was sent to (its rules and choices are in the fund's open calls while it is open).</summary>
    public string? CallId { get; init; }

    /// <summary>While changes are requested: what the office asked for (also in the applicant's e-mail).</summary>
    public string? ChangesRequestedNote { get; init; }

    /// <summary>
    /// The application as it stands, for the status page to edit and resubmit (changes requested) or to name the budget
    /// lines in a proof of use (approved); null otherwise. Without IBAN and BIC: bank data are entered again, never shown.
    /// </summary>
    public ApplicationInput? Application { get; init; }
    /// <summary>For an approved grant: the proof of use (due date, sent, accepted, more requested, repayment).</summary>
    public ProofOfUseView? ProofOfUse { get; init; }
}

public sealed record TimelineEntry(ApplicationStatus Status, string Label, DateTimeOffset At);

public sealed record DecisionView(ApplicationStatus Outcome, Euro? GrantedAmount, DateTimeOffset DecidedAt, string? Conditions, DateOnly? ProofOfUseDueOn);

/// <summary>Builds the applicant's view and says in plain German what happens next.</summary>
public static class ApplicantViews
{
    public static ApplicantView For(Application application, string fundName, string callTitle) => Base(application, fundName, callTitle) with
    {
        CallId = application.CallId,
        ChangesRequestedNote = application.Status == ApplicationStatus.ChangesRequested
            ? application.Timeline.LastOrDefault(t => t.Status == ApplicationStatus.ChangesRequested)?.Note
            : null,
        Application = application.AnonymisedAt is null && application.Status is ApplicationStatus.ChangesRequested or ApplicationStatus.Approved
            ? Editable(application)
            : null,
    };

    /// <summary>The stored application in the shape the form posts, without IBAN and BIC.</summary>
    public static ApplicationInput Editable(Application application) => new()
    {
        Institution = new InstitutionInput
        {
            Name = application.Institution.Name, Type = application.Institution.Type, Street = application.Institution.Street,
            PostalCode = application.Institution.PostalCode, City = application.Institution.City, District = application.Institution.District,
        },
        Contact = new ContactPersonInput { Name = application.Contact.Name, Role = application.Contact.Role, Email = application.Contact.Email, Phone = application.Contact.Phone },
        Project = new ProjectInput
        {
            Title = application.Project.Title, Summary = application.Project.Summary, MintFields = application.Project.MintFields,
            EducationStages = application.Project.EducationStages, ExpectedParticipants = application.Project.ExpectedParticipants,
            StartDate = application.Project.StartDate, EndDate = application.Project.EndDate,
        },
        Budget = new BudgetInput
        {
            Lines = [.. application.Budget.Lines.Select(l => new BudgetLineInput { Description = l.Description, Amount = l.Amount })],
            RequestedAmount = application.Budget.RequestedAmount,
            OwnContribution = application.Budget.OwnContribution,
        },
        BankAccount = new ApplicantBankInput { AccountHolder = application.BankAccount.AccountHolder },
        Consents = new ConsentsInput { PrivacyNoticeVersion = application.Consents.PrivacyNoticeVersion, PublishProject = application.Consents.PublishProject },
    };

    private static ApplicantView Base(Application application, string fundName, string callTitle) => new(
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
