using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Applications;

/// <summary>
/// Checks an application against its shape and against the rules of its call in force today. Every violation is
/// collected, so the applicant sees all of them at once. The institution cap is checked by the caller, which alone
/// can count concurrently submitted applications safely.
/// </summary>
public static class ApplicationValidator
{
    public const string Channel = "webform";

    public static Validated<ApplicationDraft> Validate(ApplicationInput input, Fund fund, FundingCall call, DateOnly today, DateTimeOffset now)
    {
        var check = new InputChecker();
        var rules = FundingRules.Effective(fund.Rules, call.Rules);
        if (!call.IsOpenOn(today))
        {
            check.Add("callId", call.Status == CallStatus.Closed || call.ClosesOn < today
                ? "Diese Förderrunde nimmt keine Anträge mehr an."
                : $"Diese Förderrunde nimmt erst ab dem {call.OpensOn:dd.MM.yyyy} Anträge an.");
        }

        var institution = CheckInstitution(check, input.Institution, rules);
        var contact = CheckContact(check, input.Contact);
        var project = CheckProject(check, input.Project, rules, today);
        var budget = CheckBudget(check, input.Budget, rules);
        var bank = CheckBank(check, input.BankAccount);
        var consents = CheckConsents(check, input.Consents, fund, now);

        if (check.HasErrors)
        {
            return Validated<ApplicationDraft>.Invalid(check.Errors);
        }

        return Validated<ApplicationDraft>.Valid(new ApplicationDraft(
            institution!, contact!, project!, budget!, bank!, consents!, InstitutionKey.For(institution!.Name, institution.PostalCode)));
    }

    private static Institution? CheckInstitution(InputChecker check, InstitutionInput? input, EffectiveRules rules)
    {
        if (check.Required("institution", input) is null)
        {
            return null;
        }

        var name = check.Text("institution.name", input!.Name, ApplicationLimits.NameMaxLength);
        var type = check.RequiredValue("institution.type", input.Type);
        if (type is { } t && !rules.EligibleInstitutionTypes.Contains(t))
        {
            check.Add("institution.type", $"Einrichtungen der Art „{GermanLabels.For(t)}“ können in dieser Förderrunde keinen Antrag stellen.");
            type = null;
        }

        var street = check.Text("institution.street", input.Street, 200);
        var postalCode = check.PostalCode("institution.postalCode", input.PostalCode);
        var city = check.Text("institution.city", input.City, 100);
        var district = check.Text("institution.district", input.District, 100, required: rules.Districts.Count > 0);
        if (district is not null && rules.Districts.Count > 0)
        {
            var match = rules.Districts.FirstOrDefault(d => string.Equals(d, district, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                check.Add("institution.district", "Gefördert werden nur Einrichtungen in: " + string.Join(", ", rules.Districts) + ".");
            }

            district = match;
        }

        return name is null || type is null || street is null || postalCode is null || city is null
            ? null
            : new Institution(name, type.Value, street, postalCode, city, district);
    }

    private static ContactPerson? CheckContact(InputChecker check, ContactPersonInput? input)
    {
        if (check.Required("contact", input) is null)
        {
            return null;
        }

        var name = check.Text("contact.name", input!.Name, ApplicationLimits.PersonNameMaxLength);
        var role = check.Text("contact.role", input.Role, 100);
        var email = check.Email("contact.email", input.Email);
        var phone = check.Phone("contact.phone", input.Phone);
        return name is null || role is null || email is null ? null : new ContactPerson(name, role, email, phone);
    }

    private static Project? CheckProject(InputChecker check, ProjectInput? input, EffectiveRules rules, DateOnly today)
    {
        if (check.Required("project", input) is null)
        {
            return null;
        }

        var title = check.Text("project.title", input!.Title, ApplicationLimits.TitleMaxLength);
        var summary = check.Text("project.summary", input.Summary, ApplicationLimits.SummaryMaxLength, multiLine: true);
        var fields = NonEmpty(check, "project.mintFields", check.DistinctList("project.mintFields", input.MintFields, 4), "Bitte mindestens ein MINT-Fach wählen.");
        var stages = NonEmpty(check, "project.educationStages", check.DistinctList("project.educationStages", input.EducationStages, 6), "Bitte mindestens eine Bildungsstufe wählen.");
        if (stages is not null)
        {
            for (var i = 0; i < stages.Count; i++)
            {
                if (!rules.EligibleStages.Contains(stages[i]))
                {
                    check.Add($"project.educationStages[{i}]", $"Die Bildungsstufe „{GermanLabels.For(stages[i])}“ wird in dieser Förderrunde nicht gefördert.");
                    stages = null;
                    break;
                }
            }
        }

        var participants = check.RequiredValue("project.expectedParticipants", input.ExpectedParticipants);
        if (participants is { } p && (p < 1 || p > ApplicationLimits.MaxParticipants))
        {
            check.Add("project.expectedParticipants", Messages.Range(1, ApplicationLimits.MaxParticipants));
            participants = null;
        }

        var start = check.RequiredValue("project.startDate", input.StartDate);
        var end = check.RequiredValue("project.endDate", input.EndDate);
        var earliest = today.AddDays(rules.MinLeadTimeDays);
        if (start is { } s)
        {
            if (s < earliest)
            {
                check.Add("project.startDate", rules.MinLeadTimeDays > 0
                    ? $"Anträge sind mindestens {rules.MinLeadTimeDays} Tage vor Projektbeginn zu stellen: frühestmöglicher Beginn ist der {earliest:dd.MM.yyyy}."
                    : "Der Projektbeginn darf nicht in der Vergangenheit liegen.");
                start = null;
            }
            else if (s > today.AddDays(ApplicationLimits.MaxDaysUntilStart))
            {
                check.Add("project.startDate", "Der Projektbeginn liegt mehr als zwei Jahre in der Zukunft.");
                start = null;
            }
        }

        if (start is { } from && end is { } to)
        {
            if (to < from)
            {
                check.Add("project.endDate", "Das Projektende liegt vor dem Projektbeginn.");
                end = null;
            }
            else if (to.DayNumber - from.DayNumber > ApplicationLimits.MaxProjectDays)
            {
                check.Add("project.endDate", "Ein Projekt darf höchstens drei Jahre dauern.");
                end = null;
            }
        }

        return title is null || summary is null || fields is null || stages is null || participants is null || start is null || end is null
            ? null
            : new Project(title, summary, fields, stages, participants.Value, start.Value, end.Value);
    }

    private static Budget? CheckBudget(InputChecker check, BudgetInput? input, EffectiveRules rules)
    {
        if (check.Required("budget", input) is null)
        {
            return null;
        }

        var lines = new List<BudgetLine>();
        var linesValid = true;
        if (input!.Lines is null || input.Lines.Count == 0)
        {
            check.Add("budget.lines", "Bitte mindestens eine Kostenposition angeben.");
            linesValid = false;
        }
        else if (input.Lines.Count > ApplicationLimits.MaxBudgetLines)
        {
            check.Add("budget.lines", Messages.MaxItems(ApplicationLimits.MaxBudgetLines));
            linesValid = false;
        }
        else
        {
            for (var i = 0; i < input.Lines.Count; i++)
            {
                var line = input.Lines[i] ?? new BudgetLineInput();
                var description = check.Text($"budget.lines[{i}].description", line.Description, ApplicationLimits.BudgetLineDescriptionMaxLength);
                var amount = check.Amount($"budget.lines[{i}].amount", line.Amount, new Euro(1), Euro.Max);
                if (description is null || amount is null)
                {
                    linesValid = false;
                    continue;
                }

                lines.Add(new BudgetLine(description, amount.Value));
            }
        }

        var requested = check.Amount("budget.requestedAmount", input.RequestedAmount, new Euro(1), Euro.Max);
        var own = check.Amount("budget.ownContribution", input.OwnContribution ?? Euro.Zero, Euro.Zero, Euro.Max);
        if (!linesValid || requested is null || own is null)
        {
            return null;
        }

        var total = lines.Aggregate(Euro.Zero, (sum, line) => sum + line.Amount);
        if (total > Euro.Max)
        {
            check.Add("budget.lines", "Die Gesamtkosten sind zu hoch.");
            return null;
        }

        var valid = true;
        if (rules.MaxAmountPerApplication is { } max && requested.Value > max)
        {
            check.Add("budget.requestedAmount", $"In dieser Förderrunde können höchstens {max.ToGermanString()} je Antrag beantragt werden.");
            valid = false;
        }

        if (requested.Value + own.Value != total)
        {
            check.Add("budget.ownContribution",
                $"Beantragter Betrag und Eigenanteil ({(requested.Value + own.Value).ToGermanString()}) müssen zusammen die Gesamtkosten ({total.ToGermanString()}) ergeben.");
            valid = false;
        }

        var requiredOwn = RequiredOwnContribution(total, rules.CoFundingSharePercent);
        if (own.Value < requiredOwn)
        {
            check.Add("budget.requestedAmount",
                $"Der Eigenanteil muss mindestens {rules.CoFundingSharePercent.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("de-DE"))} % der Gesamtkosten betragen ({requiredOwn.ToGermanString()}); beantragt werden können höchstens {(total - requiredOwn).ToGermanString()}.");
            valid = false;
        }

        return valid ? new Budget(lines, total, requested.Value, own.Value) : null;
    }

    /// <summary>The co-funding share of the total, rounded up to the cent so the fund never pays more than its share.</summary>
    public static Euro RequiredOwnContribution(Euro total, decimal sharePercent) =>
        new((long)Math.Ceiling(total.Cents * sharePercent / 100m));

    private static ApplicantBankAccount? CheckBank(InputChecker check, ApplicantBankInput? input)
    {
        if (check.Required("bankAccount", input) is null)
        {
            return null;
        }

        var holder = check.Text("bankAccount.accountHolder", input!.AccountHolder, 70);
        var iban = check.IbanField("bankAccount.iban", input.Iban);
        var bic = check.BicField("bankAccount.bic", input.Bic);
        return holder is null || iban is null ? null : new ApplicantBankAccount(holder, iban, bic);
    }

    private static Consents? CheckConsents(InputChecker check, ConsentsInput? input, Fund fund, DateTimeOffset now)
    {
        if (check.Required("consents", input) is null)
        {
            return null;
        }

        var version = check.Text("consents.privacyNoticeVersion", input!.PrivacyNoticeVersion, 50);
        if (version is not null && fund.PrivacyNoticeVersion is { } current && version != current)
        {
            check.Add("consents.privacyNoticeVersion", "Bitte die aktuelle Datenschutzinformation lesen und bestätigen (die Seite neu laden).");
            version = null;
        }

        if (input.PrivacyNoticeAccepted != true)
        {
            check.Add("consents.privacyNoticeAccepted", "Bitte bestätigen, dass Sie die Datenschutzinformation zur Kenntnis genommen haben.");
            return null;
        }

        return version is null ? null : new Consents(version, now, Channel, input.PublishProject ?? false);
    }

    private static IReadOnlyList<T>? NonEmpty<T>(InputChecker check, string field, IReadOnlyList<T>? list, string message)
    {
        if (list is null || list.Count == 0)
        {
            if (!check.Errors.Any(e => e.Field.StartsWith(field, StringComparison.Ordinal)))
            {
                check.Add(field, message);
            }

            return null;
        }

        return list;
    }
}
