using MintFonds.Core.Pledges;

namespace MintFonds.Functions.Pledges;

/// <summary>A stored pledge, whether its sponsor was known before, and whether this answer repeats an earlier one.</summary>
public sealed record PledgeOutcome(Pledge Pledge, bool ReturningSponsor, bool Replayed);

/// <summary>The answer to a pledge: the references and what the sponsor needs to pay (also as a GiroCode payload).</summary>
/// <remarks>Whether the sponsor was known before is not said: anyone knowing a name and an e-mail address could probe it.</remarks>
public sealed record PledgeReceipt(
    string Reference,
    PledgeKind Kind,
    IReadOnlyList<Instalment> Instalments,
    PaymentInstructions Payment);

public sealed record PaymentInstructions(string Beneficiary, string Iban, string? Bic, string BankName, string GiroCodePayload);
