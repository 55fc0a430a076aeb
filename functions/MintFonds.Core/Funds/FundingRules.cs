using MintFonds.Core.Money;

namespace MintFonds.Core.Funds;

/// <summary>
/// Grant rules. A fund sets its defaults; a call may override any of them. A null value means
/// "not set here" (for a call: inherit the fund's; for a fund: no limit).
/// </summary>
public sealed record FundingRules
{
    /// <summary>Largest amount one application may request.</summary>
    public Euro? MaxAmountPerApplication { get; init; }

    /// <summary>Share of the project's total cost, in percent (0–99), that the applicant must cover itself.</summary>
    public decimal? CoFundingSharePercent { get; init; }

    /// <summary>
    /// How many applications of one institution may be approved per calendar year. Kept by places: an application holds
    /// one from its submission (in the year it was submitted) until it is rejected or withdrawn, so an institution never
    /// has more open or approved applications in a year than this (see <c>ApplicationRows.CapKey</c>).
    /// </summary>
    public int? MaxApprovedPerInstitutionPerYear { get; init; }

    /// <summary>Minimum number of days between the application and the project start.</summary>
    public int? MinLeadTimeDays { get; init; }

    /// <summary>Education stages a project may address; null or empty means all.</summary>
    public IReadOnlyList<EducationStage>? EligibleStages { get; init; }

    /// <summary>Institution types that may apply; null or empty means all.</summary>
    public IReadOnlyList<InstitutionType>? EligibleInstitutionTypes { get; init; }

    /// <summary>Districts (Landkreise, kreisfreie Städte) an applicant must be located in; null or empty means any.</summary>
    public IReadOnlyList<string>? Districts { get; init; }

    public static readonly FundingRules None = new();

    /// <summary>The rules in force for a call: each rule the call sets wins over the fund's.</summary>
    public static EffectiveRules Effective(FundingRules fund, FundingRules? call)
    {
        call ??= None;
        return new EffectiveRules(
            call.MaxAmountPerApplication ?? fund.MaxAmountPerApplication,
            call.CoFundingSharePercent ?? fund.CoFundingSharePercent ?? 0m,
            call.MaxApprovedPerInstitutionPerYear ?? fund.MaxApprovedPerInstitutionPerYear,
            call.MinLeadTimeDays ?? fund.MinLeadTimeDays ?? 0,
            NonEmpty(call.EligibleStages) ?? NonEmpty(fund.EligibleStages) ?? Enum.GetValues<EducationStage>(),
            NonEmpty(call.EligibleInstitutionTypes) ?? NonEmpty(fund.EligibleInstitutionTypes) ?? Enum.GetValues<InstitutionType>(),
            NonEmpty(call.Districts) ?? NonEmpty(fund.Districts) ?? []);
    }

    private static IReadOnlyList<T>? NonEmpty<T>(IReadOnlyList<T>? list) => list is { Count: > 0 } ? list : null;
}

/// <summary>The merged rules of a fund and one of its calls: every value is decided.</summary>
public sealed record EffectiveRules(
    Euro? MaxAmountPerApplication,
    decimal CoFundingSharePercent,
    int? MaxApprovedPerInstitutionPerYear,
    int MinLeadTimeDays,
    IReadOnlyList<EducationStage> EligibleStages,
    IReadOnlyList<InstitutionType> EligibleInstitutionTypes,
    IReadOnlyList<string> Districts);
