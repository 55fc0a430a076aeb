using MintFonds.Core.Money;
using MintFonds.Core.Pledges;
using MintFonds.Core.Privacy;

namespace MintFonds.Core.Payments;

/// <summary>
/// Money received on the fund's account, as the bank statement shows it: the ledger's entry for money in. Kept exact
/// to the cent, partial or surplus alike; matched to a pledge instalment by the remittance reference, or left
/// unmatched until the office assigns it.
/// </summary>
public sealed record Payment
{
    public required string FundId { get; init; }

    /// <summary>Derived from the bank reference, so the same bank booking recorded twice is one payment.</summary>
    public required string Id { get; init; }

    public required string BankReference { get; init; }

    public required Euro Amount { get; init; }

    public required DateOnly ValueDate { get; init; }

    public required string PayerName { get; init; }

    public string? RemittanceText { get; init; }

    public PaymentMatch? Match { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    /// <summary>Set when the sponsor asked for erasure: an accounting voucher is kept (restricted) until its duty ends.</summary>
    public Restriction? Restriction { get; init; }

    /// <summary>When payer and transfer text were removed after the duty ended; amount, date and kind are left.</summary>
    public DateTimeOffset? AnonymisedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsMatched => Match is not null;
}

/// <summary>What a payment pays: which instalment of which pledge of which sponsor, and on which terms (carried over).</summary>
public sealed record PaymentMatch(
    string PledgeReference,
    int Instalment,
    string RemittanceReference,
    string SponsorId,
    PledgeKind Kind,
    Earmark Earmark,
    ReceiptPreference ReceiptPreference,
    DateTimeOffset MatchedAt,
    string MatchedBy);

/// <summary>What the office enters from the bank statement.</summary>
public sealed record PaymentInput
{
    public Euro? Amount { get; init; }

    public DateOnly? ValueDate { get; init; }

    public string? BankReference { get; init; }

    public string? PayerName { get; init; }

    public string? RemittanceText { get; init; }
}

public sealed record PaymentAssignmentInput
{
    public string? RemittanceReference { get; init; }
}
