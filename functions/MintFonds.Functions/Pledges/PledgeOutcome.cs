using MintFonds.Core.Funds;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Payments;

namespace MintFonds.Functions.Pledges;

/// <summary>A stored pledge, whether its sponsor was known before, and whether this answer repeats an earlier one.</summary>
public sealed record PledgeOutcome(Pledge Pledge, bool ReturningSponsor, bool Replayed);

/// <summary>The answer to a pledge: the references and what the sponsor needs to pay (also as a GiroCode payload).</summary>
/// <remarks>Whether the sponsor was known before is not said: anyone knowing a name and an e-mail address could probe it.</remarks>
/// <param name="ConfirmationEmail">Whether the confirmation e-mail with the payment instructions is sent (<see cref="ConfirmationQuota"/>).</param>
/// <param name="GiroCodes">
/// One GiroCode per instalment (payload and PNG), so the pledge form shows what the e-mail shows without a second
/// request: the answer goes only to whoever sent the pledge, and no route hands out a pledge's amounts by reference.
/// </param>
public sealed record PledgeReceipt(
    string Reference,
    PledgeKind Kind,
    IReadOnlyList<Instalment> Instalments,
    PaymentInstructions Payment,
    ConfirmationEmail ConfirmationEmail,
    IReadOnlyList<InstalmentGiroCode> GiroCodes)
{
    public static PledgeReceipt For(
        Fund fund, string reference, PledgeKind kind, IReadOnlyList<Instalment> instalments, PaymentCodes codes, ConfirmationEmail confirmation)
    {
        var giroCodes = new List<InstalmentGiroCode>(instalments.Count);
        foreach (var instalment in instalments)
        {
            var code = codes.For(fund, instalment);
            giroCodes.Add(new InstalmentGiroCode(instalment.Number, instalment.RemittanceReference, code.Payload, code.Png));
        }

        return new(
            reference,
            kind,
            instalments,
            new PaymentInstructions(fund.BankAccount.AccountHolder, fund.BankAccount.Iban, fund.BankAccount.Bic, fund.BankAccount.BankName, giroCodes[0].Payload),
            confirmation,
            giroCodes);
    }
}

/// <summary>The GiroCode of one instalment: its payload text and the PNG image of it (base64 in JSON).</summary>
public sealed record InstalmentGiroCode(int Number, string RemittanceReference, string Payload, byte[] Png);

public sealed record PaymentInstructions(string Beneficiary, string Iban, string? Bic, string BankName, string GiroCodePayload);
