using MintFonds.Core.Funds;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;

namespace MintFonds.Functions.Payments;

/// <summary>A GiroCode (EPC069-12) for one instalment: the payload text and the PNG image of it.</summary>
public sealed record PaymentCode(string Payload, byte[] Png);

/// <summary>Makes the GiroCode a sponsor scans to pay an instalment to the fund's account with the right reference.</summary>
public sealed class PaymentCodes
{
    public PaymentCode For(Fund fund, Instalment instalment)
    {
        var payload = PayloadFor(fund, instalment);
        return new PaymentCode(payload, GiroCodeImage.Png(payload));
    }

    public string PayloadFor(Fund fund, Instalment instalment) =>
        GiroCode.Payload(new GiroCodeTransfer
        {
            BeneficiaryName = fund.BankAccount.AccountHolder,
            Iban = fund.BankAccount.Iban,
            Bic = fund.BankAccount.Bic,
            Amount = instalment.Amount,

            // The reference comes first, so it survives banks that cut long texts; the fund name is cut to the 140 allowed.
            RemittanceText = Limit(SepaText.Transliterate($"{instalment.RemittanceReference} {fund.Name}"), 140),
        });

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd();
}
