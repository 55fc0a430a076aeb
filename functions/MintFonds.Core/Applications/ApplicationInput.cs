using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Applications;

/// <summary>What the web form posts. Everything is optional here; <see cref="ApplicationValidator"/> decides.</summary>
public sealed record ApplicationInput
{
    public InstitutionInput? Institution { get; init; }

    public ContactPersonInput? Contact { get; init; }

    public ProjectInput? Project { get; init; }

    public BudgetInput? Budget { get; init; }

    public ApplicantBankInput? BankAccount { get; init; }

    public ConsentsInput? Consents { get; init; }

    /// <summary>
    /// A trap for bots (honeypot): the form hides this field from people (and from autofill), so it stays empty; a
    /// submission with anything in it is answered as if accepted and nothing is stored. Never stored or passed on.
    /// </summary>
    public string? Website { get; init; }
}

public sealed record InstitutionInput
{
    public string? Name { get; init; }

    public InstitutionType? Type { get; init; }

    public string? Street { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    public string? District { get; init; }
}

public sealed record ContactPersonInput
{
    public string? Name { get; init; }

    /// <summary>The person's role at the institution, e.g. "Lehrkraft Physik" or "Kita-Leitung".</summary>
    public string? Role { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }
}

public sealed record ProjectInput
{
    public string? Title { get; init; }

    public string? Summary { get; init; }

    public IReadOnlyList<MintField>? MintFields { get; init; }

    public IReadOnlyList<EducationStage>? EducationStages { get; init; }

    public int? ExpectedParticipants { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? EndDate { get; init; }
}

public sealed record BudgetInput
{
    public IReadOnlyList<BudgetLineInput>? Lines { get; init; }

    public Euro? RequestedAmount { get; init; }

    /// <summary>What the institution or others contribute (Eigen- und Drittmittel).</summary>
    public Euro? OwnContribution { get; init; }
}

public sealed record BudgetLineInput
{
    public string? Description { get; init; }

    public Euro? Amount { get; init; }
}

public sealed record ApplicantBankInput
{
    public string? AccountHolder { get; init; }

    public string? Iban { get; init; }

    public string? Bic { get; init; }
}

public sealed record ConsentsInput
{
    /// <summary>The version of the data-protection notice the applicant was shown.</summary>
    public string? PrivacyNoticeVersion { get; init; }

    public bool? PrivacyNoticeAccepted { get; init; }

    /// <summary>Optional: publish title, institution and summary in reports and on the transparency page.</summary>
    public bool? PublishProject { get; init; }
}
