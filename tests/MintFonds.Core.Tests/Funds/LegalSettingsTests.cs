using MintFonds.Core.Funds;

namespace MintFonds.Core.Tests.Funds;

/// <summary>
/// The fund API refuses settings that would make its tax documents contestable: machine-made receipts without the
/// notification to the tax office (R 10b.1 Abs. 4 EStR), a purpose that breaks the template's sentence, a VAT rate
/// that cannot occur, an invoice without the issuer's VAT id or tax number (§ 14 Abs. 4 Nr. 2 UStG).
/// </summary>
public sealed class LegalSettingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Machine_made_receipts_need_the_tax_office_the_notification_date_and_a_signatory()
    {
        var input = ValidatorTests.ValidFund();
        var without = input with { Operator = input.Operator! with { MachineMadeReceipts = true, TaxOffice = null, ProcedureNotifiedOn = null, SignatoryName = null } };

        var result = FundValidator.Validate(without, null, Now);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == "operator.procedureNotifiedOn" && e.Message.Contains("Finanzamt", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "operator.signatoryName");
    }

    [Fact]
    public void Without_notification_data_receipts_are_for_signature_and_with_it_machine_made()
    {
        var input = ValidatorTests.ValidFund();
        var manual = FundValidator.Validate(input with { Operator = input.Operator! with { TaxOffice = null, ProcedureNotifiedOn = null } }, null, Now).Value!;
        var machine = FundValidator.Validate(input, null, Now).Value!;

        Assert.False(manual.Operator.IssuesMachineMadeReceipts);
        Assert.True(machine.Operator.IssuesMachineMadeReceipts);
        Assert.Equal("Bingen-Alzey", machine.Operator.MachineProcedure!.TaxOffice);
    }

    [Theory]
    [InlineData("Bildung")]
    [InlineData("die Förderung der Bildung")]
    [InlineData("Förderung der Bildung.")]
    [InlineData("Förderung der")]
    [InlineData("Zwecke der Wissenschaft")]
    public void A_purpose_that_would_break_the_template_sentence_is_refused(string purpose)
    {
        var input = ValidatorTests.ValidFund();

        var result = FundValidator.Validate(input with { Operator = input.Operator! with { PurposeText = purpose } }, null, Now);

        Assert.Contains(result.Errors, e => e.Field == "operator.purposeText");
    }

    [Theory]
    [InlineData("Förderung der Bildung")]
    [InlineData("Förderung des Naturschutzes")]
    [InlineData("Förderung von Wissenschaft und Forschung")]
    public void A_purpose_in_the_template_form_is_accepted(string purpose)
    {
        var input = ValidatorTests.ValidFund();

        Assert.True(FundValidator.Validate(input with { Operator = input.Operator! with { PurposeText = purpose } }, null, Now).IsValid);
    }

    [Theory]
    [InlineData(0, null, "vatRatePercent")]
    [InlineData(20, null, "vatRatePercent")]
    [InlineData(25, null, "vatRatePercent")]
    [InlineData(19, "", "vatId")]
    public void Impossible_vat_settings_are_refused(decimal rate, string? vatId, string field)
    {
        var input = ValidatorTests.ValidFund();
        var sponsoring = new SponsoringInput { VatRatePercent = rate, VatId = vatId ?? "DE123456789", ServiceDescription = "Nennung als Förderer" };

        var result = FundValidator.Validate(input with { Sponsoring = sponsoring, Operator = input.Operator! with { TaxNumber = null } }, null, Now);

        Assert.Contains(result.Errors, e => e.Field == "sponsoring." + field);
    }

    [Fact]
    public void An_exempt_invoice_still_needs_the_issuers_tax_number_or_vat_id()
    {
        var input = ValidatorTests.ValidFund();
        var exempt = new SponsoringInput { VatExemptionText = "Nicht steuerbar nach § 2b UStG", ServiceDescription = "Nennung als Förderer" };

        var without = FundValidator.Validate(input with { Sponsoring = exempt, Operator = input.Operator! with { TaxNumber = null } }, null, Now);
        var withTaxNumber = FundValidator.Validate(input with { Sponsoring = exempt, Operator = input.Operator! with { TaxNumber = "08/650/12345" } }, null, Now);

        Assert.Contains(without.Errors, e => e.Field == "sponsoring.vatId");
        Assert.True(withTaxNumber.IsValid);
    }
}
