using MintFonds.Core.Money;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Funds;

/// <summary>Turns the office's input into a valid <see cref="FundingCall"/>, or lists every problem.</summary>
public static class CallValidator
{
    public static Validated<FundingCall> Validate(string fundId, CallInput input, FundingCall? existing, DateTimeOffset now)
    {
        var check = new InputChecker();
        var id = existing?.Id ?? check.SlugField("id", input.Id);
        if (existing is not null && input.Id is not null && input.Id != existing.Id)
        {
            check.Add("id", "Die Kennung einer Förderrunde kann nicht geändert werden.");
        }

        var title = check.Text("title", input.Title, 200);
        var description = check.Text("description", input.Description, 5000, required: false, multiLine: true);
        var opensOn = check.RequiredValue("opensOn", input.OpensOn);
        if (opensOn is { } open && input.ClosesOn is { } close && close < open)
        {
            check.Add("closesOn", "Das Ende der Förderrunde liegt vor ihrem Beginn.");
        }

        var budget = check.Amount("budget", input.Budget, new Euro(1), Euro.Max);
        var rules = RulesValidator.Check(check, "rules", input.Rules);
        if (budget is { } total && rules.MaxAmountPerApplication is { } max && max > total)
        {
            check.Add("rules.maxAmountPerApplication", "Der Höchstbetrag je Antrag ist größer als das Budget der Förderrunde.");
        }

        if (check.HasErrors)
        {
            return Validated<FundingCall>.Invalid(check.Errors);
        }

        return Validated<FundingCall>.Valid(new FundingCall
        {
            FundId = fundId,
            Id = id!,
            Title = title!,
            Description = description,
            OpensOn = opensOn!.Value,
            ClosesOn = input.ClosesOn,
            Budget = budget!.Value,
            Rules = rules,
            Status = existing?.Status ?? CallStatus.Open,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            ClosedAt = existing?.ClosedAt,
        });
    }
}
