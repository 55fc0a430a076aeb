using System.Text.Json;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Funds;

/// <summary>The public list of a fund's calls that take applications today (Europe/Berlin).</summary>
public sealed class OpenCallsService(FundTable funds, CallTable calls, JsonBodyReader bodyReader, TimeProvider time, Regions.FundLogoService logos)
{
    public async Task<OpenCallsView> ListAsync(string fundId, CancellationToken cancellationToken)
    {
        var fund = Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null;
        if (fund is null || fund.Value.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
        }

        var today = BerlinTime.Today(time);
        var open = new List<PublicCall>();
        await foreach (var stored in calls.ListAsync(fundId, CallStatus.Open, cancellationToken))
        {
            if (stored.Value.IsOpenOn(today))
            {
                open.Add(ToPublic(fund.Value, stored.Value, today));
            }
        }

        var f = fund.Value;
        return new OpenCallsView(
            new PublicFund(f.Id, f.Name, f.Region, f.Contact.Email, f.Contact.Phone, f.Contact.Website, f.Contact.PrivacyUrl, f.Contact.ImprintUrl, f.Contact.LogoUrl, f.PrivacyNoticeVersion,
                logos.PublicBrandingOf(f)),
            [.. open.OrderBy(c => c.ClosesOn ?? DateOnly.MaxValue).ThenBy(c => c.Id, StringComparer.Ordinal)],
            new FormLimits(ApplicationLimits.TitleMaxLength, ApplicationLimits.SummaryMaxLength, ApplicationLimits.MaxBudgetLines, bodyReader.MaxBytes));
    }

    private static PublicCall ToPublic(Fund fund, FundingCall call, DateOnly today)
    {
        var rules = FundingRules.Effective(fund.Rules, call.Rules);
        return new PublicCall
        {
            Id = call.Id,
            Title = call.Title,
            Description = call.Description,
            OpensOn = call.OpensOn,
            ClosesOn = call.ClosesOn,
            Rolling = call.IsRolling,
            MaxAmountPerApplication = rules.MaxAmountPerApplication,
            CoFundingSharePercent = rules.CoFundingSharePercent,
            MaxApprovedPerInstitutionPerYear = rules.MaxApprovedPerInstitutionPerYear,
            MinLeadTimeDays = rules.MinLeadTimeDays,
            EarliestProjectStart = today.AddDays(rules.MinLeadTimeDays),
            EducationStages = [.. rules.EligibleStages.Select(s => new Choice(EnumValue(s), GermanLabels.For(s)))],
            InstitutionTypes = [.. rules.EligibleInstitutionTypes.Select(t => new Choice(EnumValue(t), GermanLabels.For(t)))],
            MintFields = [.. Enum.GetValues<MintField>().Select(m => new Choice(EnumValue(m), GermanLabels.For(m)))],
            Districts = rules.Districts,
        };
    }

    // The same spelling the API accepts when the form posts the value back.
    private static string EnumValue<T>(T value)
        where T : struct, Enum =>
        JsonSerializer.Serialize(value, MintFondsJson.Api).Trim('"');
}
