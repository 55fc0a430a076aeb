using MintFonds.Core.Funds;
using MintFonds.Core.Pledges;

namespace MintFonds.Functions.Payments;

/// <summary>A GiroCode (EPC069-12) for one instalment: the payload text and the PNG image of it.</summary>
public sealed record PaymentCode(string Payload, byte[] Png);

/// <summary>Makes the GiroCode a sponsor scans to pay an instalment to the fund's account with the right reference.</summary>
public sealed class PaymentCodes
{
    public PaymentCode For(Fund fund, Instalment instalment)
    {
        // Filled in when the GiroCode builder lands (see GiroCode in the domain project).
        var payload = string.Join('\n', "BCD", "002", "1", "SCT", fund.BankAccount.Bic ?? string.Empty, fund.BankAccount.AccountHolder,
            fund.BankAccount.Iban, "EUR" + instalment.Amount, string.Empty, string.Empty, instalment.RemittanceReference);
        return new PaymentCode(payload, []);
    }
}
