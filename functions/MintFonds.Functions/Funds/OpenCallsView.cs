using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Functions.Funds;

/// <summary>What a public web form needs to render and check an application for a fund's open calls.</summary>
public sealed record OpenCallsView(PublicFund Fund, IReadOnlyList<PublicCall> Calls, FormLimits Limits);

/// <param name="PrivacyNoticeVersion">The data-protection notice version an application must acknowledge (consents.privacyNoticeVersion).</param>
public sealed record PublicFund(
    string Id, string Name, string Region, string ContactEmail, string? ContactPhone, string? Website, string? PrivacyUrl, string? ImprintUrl, string? LogoUrl,
    string? PrivacyNoticeVersion,
    PublicBranding Branding);

/// <summary>How the fund's forms look: its colours (its own or the defaults, always readable on white) and its logo, if any.</summary>
public sealed record PublicBranding(string PrimaryColor, string AccentColor, string? LogoUrl);

public sealed record PublicCall
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required DateOnly OpensOn { get; init; }

    public DateOnly? ClosesOn { get; init; }

    public required bool Rolling { get; init; }

    public Euro? MaxAmountPerApplication { get; init; }

    public required decimal CoFundingSharePercent { get; init; }

    public int? MaxApprovedPerInstitutionPerYear { get; init; }

    public required int MinLeadTimeDays { get; init; }

    /// <summary>The earliest project start an application sent today may name.</summary>
    public required DateOnly EarliestProjectStart { get; init; }

    public required IReadOnlyList<Choice> EducationStages { get; init; }

    public required IReadOnlyList<Choice> InstitutionTypes { get; init; }

    public required IReadOnlyList<Choice> MintFields { get; init; }

    /// <summary>Districts an applicant must be located in; empty means any.</summary>
    public required IReadOnlyList<string> Districts { get; init; }
}

/// <summary>One option of a select field: the value to send and the German label to show.</summary>
public sealed record Choice(string Value, string Label);

/// <summary>Field limits the form should enforce before sending (the API enforces them again).</summary>
public sealed record FormLimits(int TitleMaxLength, int SummaryMaxLength, int MaxBudgetLines, int MaxBodyBytes);
