using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Pledges;

/// <summary>Checks a pledge: the sponsor, the terms, and an earmark against what the fund can honour.</summary>
public static class PledgeValidator
{
    public const int MaxYears = 10;

    public static Validated<PledgeDraft> Validate(PledgeInput input, Fund fund, DateOnly today, DateTimeOffset now)
    {
        var check = new InputChecker();
        var sponsor = input.Sponsor;
        string? name = null, street = null, postalCode = null, city = null, country = null, contact = null, email = null;
        SponsorType? type = null;
        if (check.Required("sponsor", sponsor) is not null)
        {
            type = check.RequiredValue("sponsor.type", sponsor!.Type);
            name = check.Text("sponsor.name", sponsor.Name, 200);
            street = check.Text("sponsor.street", sponsor.Street, 200);
            postalCode = check.PostalCode("sponsor.postalCode", sponsor.PostalCode);
            city = check.Text("sponsor.city", sponsor.City, 100);
            country = check.Text("sponsor.country", sponsor.Country ?? "DE", 2);
            contact = check.Text("sponsor.contactPerson", sponsor.ContactPerson, 100, required: sponsor.Type is not SponsorType.Privatperson);
            email = check.Email("sponsor.email", sponsor.Email);
        }

        var amount = check.Amount("amount", input.Amount, new Euro(100), Euro.FromDecimal(1_000_000m));
        var schedule = check.RequiredValue("schedule", input.Schedule);
        var years = 1;
        if (schedule == PledgeSchedule.Yearly)
        {
            years = check.RequiredValue("years", input.Years) ?? 0;
            if (years is < 2 or > MaxYears)
            {
                check.Add("years", $"Eine jährliche Zusage läuft über 2 bis {MaxYears} Jahre.");
            }
        }
        else if (input.Years is not null and not 1)
        {
            check.Add("years", "Eine einmalige Zusage hat keine Laufzeit in Jahren.");
        }

        var firstDue = input.FirstDueOn ?? today;
        if (firstDue < today || firstDue > today.AddYears(1))
        {
            check.Add("firstDueOn", "Die erste Zahlung muss zwischen heute und in einem Jahr fällig sein.");
        }

        var kind = check.RequiredValue("kind", input.Kind);
        if (kind == PledgeKind.Sponsoring && fund.Sponsoring is null)
        {
            check.Add("kind", "Dieser Fonds nimmt nur Spenden an, kein Sponsoring.");
        }

        var earmark = CheckEarmark(check, input.Earmark, FundingRules.Effective(fund.Rules, null));
        var preference = input.ReceiptPreference ?? ReceiptPreference.PerPayment;
        if (kind == PledgeKind.Sponsoring && input.ReceiptPreference == ReceiptPreference.CollectiveYearly)
        {
            check.Add("receiptPreference", "Für Sponsoring gibt es keine Zuwendungsbestätigung, sondern eine Rechnung je Zahlung.");
        }

        var version = check.Text("privacyNoticeVersion", input.PrivacyNoticeVersion, 50);
        if (version is not null && fund.PrivacyNoticeVersion is { } current && version != current)
        {
            check.Add("privacyNoticeVersion", "Bitte die aktuelle Datenschutzinformation lesen und bestätigen (die Seite neu laden).");
        }

        if (input.PrivacyNoticeAccepted != true)
        {
            check.Add("privacyNoticeAccepted", "Bitte bestätigen, dass Sie die Datenschutzinformation zur Kenntnis genommen haben.");
        }

        if (input.Language is not null and not "de" and not "en")
        {
            check.Add("language", "Bitte \"de\" (Deutsch) oder \"en\" (Englisch) angeben.");
        }

        if (check.HasErrors)
        {
            return Validated<PledgeDraft>.Invalid(check.Errors);
        }

        return Validated<PledgeDraft>.Valid(new PledgeDraft(
            type!.Value,
            name!,
            new PostalAddress(street!, postalCode!, city!, country!.ToUpperInvariant()),
            contact,
            email!,
            SponsorKey.IdFor(name!, email!),
            amount!.Value,
            schedule!.Value,
            years,
            firstDue,
            kind!.Value,
            earmark!,
            input.PublicNameConsent ?? false,
            kind == PledgeKind.Sponsoring ? ReceiptPreference.PerPayment : preference,
            new Consents(version!, now, ApplicationValidator.Channel, input.PublicNameConsent ?? false))
        {
            Language = input.Language ?? "de",
        });
    }

    private static Earmark? CheckEarmark(InputChecker check, EarmarkInput? input, EffectiveRules rules)
    {
        if (input is null)
        {
            return Earmark.None;
        }

        var stages = check.DistinctList("earmark.educationStages", input.EducationStages, 6) ?? [];
        var fields = check.DistinctList("earmark.mintFields", input.MintFields, 4) ?? [];
        var districts = new List<string>();
        for (var i = 0; i < (input.Districts?.Count ?? 0); i++)
        {
            var district = check.Text($"earmark.districts[{i}]", input.Districts![i], 100);
            if (district is null)
            {
                continue;
            }

            var known = rules.Districts.FirstOrDefault(d => string.Equals(d, district, StringComparison.OrdinalIgnoreCase));
            if (rules.Districts.Count > 0 && known is null)
            {
                check.Add($"earmark.districts[{i}]", "Der Fonds fördert nur in: " + string.Join(", ", rules.Districts) + ".");
                continue;
            }

            districts.Add(known ?? district);
        }

        return new Earmark(stages, fields, check.DistinctList("earmark.districts", districts, 20) ?? []);
    }
}
