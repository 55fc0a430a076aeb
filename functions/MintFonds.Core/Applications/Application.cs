using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Privacy;

namespace MintFonds.Core.Applications;

/// <summary>A grant application as stored: what was applied for, where it stands, and how it got there.</summary>
public sealed record Application
{
    public required string FundId { get; init; }

    public required string CallId { get; init; }

    /// <summary>Human-friendly, sequential per fund and year, e.g. "MRF-2027-0042".</summary>
    public required string Reference { get; init; }

    public required Institution Institution { get; init; }

    public required ContactPerson Contact { get; init; }

    public required Project Project { get; init; }

    public required Budget Budget { get; init; }

    public required ApplicantBankAccount BankAccount { get; init; }

    public required Consents Consents { get; init; }

    public required ApplicationStatus Status { get; init; }

    public required IReadOnlyList<StatusChange> Timeline { get; init; }

    public Decision? Decision { get; init; }

    /// <summary>The office's assessments (see <see cref="Workflow.Assessment"/>); empty until the office scores it.</summary>
    public IReadOnlyList<Workflow.Assessment> Assessments { get; init; } = [];

    /// <summary>The hand-over to the board with the proposed terms; null until the office submits it to the board.</summary>
    public Workflow.BoardSubmission? BoardSubmission { get; init; }

    /// <summary>1 for the application as first submitted; each resubmission keeps the previous version in its own row and counts up.</summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// SHA-256 of the applicant's current status token; the token itself is never stored. Null until the first
    /// confirmation e-mail is composed; each e-mail that carries a link replaces it.
    /// </summary>
    public string? StatusTokenHash { get; init; }

    /// <summary>Normalised institution key, so "Grundschule Am Rhein" and "grundschule am rhein" count as one.</summary>
    public required string InstitutionKey { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Set when an erasure request met a retention duty: kept for that duty alone (see <see cref="Privacy.Restriction"/>).</summary>
    public Restriction? Restriction { get; init; }

    /// <summary>When the contact and bank data were replaced; only anonymous figures are left (stage, amounts, district, type).</summary>
    public DateTimeOffset? AnonymisedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDecided => Status is ApplicationStatus.Approved or ApplicationStatus.Rejected;
}

public enum ApplicationStatus
{
    Submitted,
    InReview,
    ChangesRequested,
    Approved,
    Rejected,
    Withdrawn,

    /// <summary>Assessed by the office and waiting for the board's votes (appended: stored names stay valid).</summary>
    ReadyForBoard,
}

public sealed record Institution(string Name, InstitutionType Type, string Street, string PostalCode, string City, string? District);

public sealed record ContactPerson(string Name, string Role, string Email, string? Phone);

public sealed record Project(
    string Title,
    string Summary,
    IReadOnlyList<MintField> MintFields,
    IReadOnlyList<EducationStage> EducationStages,
    int ExpectedParticipants,
    DateOnly StartDate,
    DateOnly EndDate);

public sealed record BudgetLine(string Description, Euro Amount);

public sealed record Budget(IReadOnlyList<BudgetLine> Lines, Euro Total, Euro RequestedAmount, Euro OwnContribution);

public sealed record ApplicantBankAccount(string AccountHolder, string Iban, string? Bic);

/// <summary>Provable consent: which notice text, when, through which channel; publication is optional.</summary>
public sealed record Consents(string PrivacyNoticeVersion, DateTimeOffset AcknowledgedAt, string Channel, bool PublishProject)
{
    /// <summary>Withdrawals of the optional consent, kept as proof; <see cref="PublishProject"/> is false from the first one on.</summary>
    public IReadOnlyList<ConsentWithdrawal>? Withdrawals { get; init; }
}

public sealed record StatusChange(ApplicationStatus Status, DateTimeOffset At, string? Note);

public sealed record Decision(ApplicationStatus Outcome, Euro? GrantedAmount, DateTimeOffset DecidedAt, string? Conditions, DateOnly? ProofOfUseDueOn, string? Reason = null);
