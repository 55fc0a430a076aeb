using MintFonds.Core.Money;

namespace MintFonds.Functions.Payouts;

/// <summary>Where a statement transaction ended up.</summary>
public enum StatementBucket
{
    /// <summary>Taken now: a payment, a repayment, a payout confirmed or returned.</summary>
    Matched,

    /// <summary>Taken by an earlier import (the same booking in this or an overlapping statement); nothing changed.</summary>
    AlreadyKnown,

    /// <summary>The office must look at it: an unmatched credit, an unknown debit, a foreign currency, …</summary>
    NeedsOffice,
}

/// <summary>One transaction of a statement and what became of it.</summary>
/// <param name="Outcome">payment, repayment, payoutPaid, payoutReturned, unmatchedCredit, unknownDebit, foreignCurrency,
/// notBooked, reversal, unknownReturn, payoutMismatch, repaymentTooHigh, invalid.</param>
public sealed record StatementLine(
    string BankReference,
    string Side,
    Euro Amount,
    string Currency,
    DateOnly? ValueDate,
    string Outcome,
    string Detail,
    string? Reference = null,
    string? PaymentId = null,
    string? Counterparty = null,
    string? RemittanceText = null,
    string? EndToEndId = null);

public sealed record StatementImportResult(
    IReadOnlyList<string> Files,
    IReadOnlyList<string> Versions,
    int Transactions,
    IReadOnlyList<StatementLine> Matched,
    IReadOnlyList<StatementLine> AlreadyKnown,
    IReadOnlyList<StatementLine> NeedsOffice);
