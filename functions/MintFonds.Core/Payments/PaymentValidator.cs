using System.Security.Cryptography;
using System.Text;
using MintFonds.Core.Money;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Payments;

/// <summary>Checks a bank receipt entered by the office.</summary>
public static class PaymentValidator
{
    /// <summary>The payment id of a bank reference: the same booking always maps to the same id.</summary>
    public static string IdFor(string bankReference) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(bankReference.Trim().ToUpperInvariant())))[..24];

    public static Validated<Payment> Validate(PaymentInput input, string fundId, string recordedBy, DateOnly today, DateTimeOffset now)
    {
        var check = new InputChecker();
        var amount = check.Amount("amount", input.Amount, new Euro(1), Euro.Max);
        var valueDate = check.RequiredValue("valueDate", input.ValueDate);
        // Not in the future: a donation receipt may not be dated before the donation, and it is issued on receipt.
        if (valueDate is { } date && (date > today || date < today.AddYears(-2)))
        {
            check.Add("valueDate", "Bitte Zahlungen erst ab ihrer Wertstellung erfassen; sie darf höchstens zwei Jahre zurückliegen.");
        }

        var bankReference = check.Text("bankReference", input.BankReference, 100);
        var payer = check.Text("payerName", input.PayerName, 140);
        var remittance = check.Text("remittanceText", input.RemittanceText, 500, required: false, multiLine: true);
        if (check.HasErrors)
        {
            return Validated<Payment>.Invalid(check.Errors);
        }

        return Validated<Payment>.Valid(new Payment
        {
            FundId = fundId,
            Id = IdFor(bankReference!),
            BankReference = bankReference!,
            Amount = amount!.Value,
            ValueDate = valueDate!.Value,
            PayerName = payer!,
            RemittanceText = remittance,
            RecordedAt = now,
            RecordedBy = recordedBy,
        });
    }
}
