using MintFonds.Core.Funds;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Abuse;

namespace MintFonds.Functions.Pledges;

/// <summary>A stored pledge, whether its sponsor was known before, and whether this answer repeats an earlier one.</summary>
public sealed record PledgeOutcome(Pledge Pledge, bool ReturningSponsor, bool Replayed);

/// <summary>The answer to a pledge: the references and what the sponsor needs to pay (also as a GiroCode payload).</summary>
/// <remarks>Whether the sponsor was known before is not said: anyone knowing a name and an e-mail address could probe it.</remarks>
/// <param name="ConfirmationEmail">Whether the confirmation e-mail with the payment instructions is sent (<see cref="ConfirmationQuota"/>).</param>
public sealed record PledgeReceipt(
    string Reference,
    PledgeKind Kind,
    IReadOnlyList<Instalment> Instalments,
    PaymentInstructions Payment,
    ConfirmationEmail ConfirmationEmail)
{
    public static PledgeReceipt For(
        Fund fund, string reference, PledgeKind kind, IReadOnlyList<Instalment> instalments, string giroCodePayload, ConfirmationEmail confirmation) =>
        new(
            reference,
            kind,
            instalments,
            new PaymentInstructions(fund.BankAccount.AccountHolder, fund.BankAccount.Iban, fund.BankAccount.Bic, fund.BankAccount.BankName, giroCodePayload),
            confirmation);
}

public sealed record PaymentInstructions(string Beneficiary, string Iban, string? Bic, string BankName, string GiroCodePayload);
