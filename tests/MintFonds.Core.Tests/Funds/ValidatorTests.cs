using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Tests.Funds;

public sealed class ValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    internal static FundInput ValidFund() => new()
    {
        Id = "th-bingen",
        Name = "MINT-Regionalfonds Mainz-Bingen",
        Region = "MINT-Region Mainz-Bingen",
        ReferencePrefix = "MRF",
        Operator = new OperatorInput
        {
            LegalName = "Technische Hochschule Bingen",
            Address = new AddressInput { Street = "Berlinstraße 109", PostalCode = "55411", City = "Bingen am Rhein" },
            PurposeText = "Förderung der Bildung",
            ReceiptPlace = "Bingen am Rhein",
            TaxOffice = "Bingen-Alzey",
            ProcedureNotifiedOn = new DateOnly(2026, 1, 15),
            SignatoryName = "Prof. Dr. Beispiel",
            SignatoryFunction = "Präsident",
        },
        BankAccount = new BankAccountInput { AccountHolder = "TH Bingen", Iban = "DE89 3704 0044 0532 0130 00", BankName = "Beispielbank" },
        Sender = new SenderInput { Email = "fonds@th-bingen.example", Name = "MINT-Fonds" },
        Contact = new ContactInput { Email = "fonds@th-bingen.example" },
    };

    [Fact]
    public void A_complete_fund_is_valid_and_cleaned()
    {
        var result = FundValidator.Validate(ValidFund() with { Name = "  MINT-Regionalfonds Mainz-Bingen  " }, null, Now);

        Assert.True(result.IsValid);
        var fund = result.Value!;
        Assert.Equal("MINT-Regionalfonds Mainz-Bingen", fund.Name);
        Assert.Equal("DE89370400440532013000", fund.BankAccount.Iban);
        Assert.Equal("DE", fund.Operator.Address.Country);
        Assert.True(fund.Operator.MachineMadeReceipts);
        Assert.Equal(FundStatus.Active, fund.Status);
        Assert.Equal(Now, fund.CreatedAt);
    }

    [Fact]
    public void An_empty_fund_lists_every_required_part()
    {
        var result = FundValidator.Validate(new FundInput(), null, Now);

        Assert.False(result.IsValid);
        Assert.Equal(
            new[] { "bankAccount", "contact", "id", "name", "operator", "referencePrefix", "region", "sender" },
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_change_keeps_id_status_and_creation_time_and_refuses_a_new_id()
    {
        var existing = FundValidator.Validate(ValidFund(), null, Now).Value! with { Status = FundStatus.Closed };

        var renamed = FundValidator.Validate(ValidFund() with { Name = "Neuer Name" }, existing, Now.AddDays(1));
        Assert.Equal(FundStatus.Closed, renamed.Value!.Status);
        Assert.Equal(Now, renamed.Value.CreatedAt);
        Assert.Equal(Now.AddDays(1), renamed.Value.UpdatedAt);

        var moved = FundValidator.Validate(ValidFund() with { Id = "anderer-fonds" }, existing, Now);
        Assert.Equal(["id"], moved.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Duplicate_list_entries_and_out_of_range_rules_are_named()
    {
        var rules = new FundingRules
        {
            EligibleStages = [EducationStage.Kita, EducationStage.Kita],
            CoFundingSharePercent = 100m,
            MaxApprovedPerInstitutionPerYear = 0,
            MaxAmountPerApplication = new Euro(0),
        };

        var result = FundValidator.Validate(ValidFund() with { Rules = rules }, null, Now);

        Assert.Equal(
            new[] { "rules.coFundingSharePercent", "rules.eligibleStages[1]", "rules.maxAmountPerApplication", "rules.maxApprovedPerInstitutionPerYear" },
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rolling_call_has_no_end_and_is_open_from_its_first_day()
    {
        var call = CallValidator.Validate("th-bingen", new CallInput { Id = "laufend", Title = "Laufend", OpensOn = new DateOnly(2026, 1, 1), Budget = Euro.FromDecimal(25000m) }, null, Now).Value!;

        Assert.True(call.IsRolling);
        Assert.False(call.IsOpenOn(new DateOnly(2025, 12, 31)));
        Assert.True(call.IsOpenOn(new DateOnly(2026, 1, 1)));
        Assert.True(call.IsOpenOn(new DateOnly(2030, 6, 1)));
        Assert.False((call with { Status = CallStatus.Closed }).IsOpenOn(new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void A_call_with_a_deadline_is_open_through_its_last_day()
    {
        var call = CallValidator.Validate(
            "th-bingen",
            new CallInput { Id = "herbst", Title = "Herbst", OpensOn = new DateOnly(2026, 9, 1), ClosesOn = new DateOnly(2026, 10, 31), Budget = Euro.FromDecimal(5000m) },
            null,
            Now).Value!;

        Assert.True(call.IsOpenOn(new DateOnly(2026, 10, 31)));
        Assert.False(call.IsOpenOn(new DateOnly(2026, 11, 1)));
    }
}
