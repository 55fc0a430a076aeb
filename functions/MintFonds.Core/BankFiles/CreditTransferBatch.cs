using MintFonds.Core.Money;

namespace MintFonds.Core.BankFiles;

/// <summary>One SEPA credit transfer of a payout file: a grant paid to the institution's account.</summary>
/// <param name="EndToEndId">Unique per transfer, at most 35 SEPA characters; the bank returns it in the statement.</param>
/// <param name="RemittanceText">Unstructured remittance ("Verwendungszweck"), at most 140 characters after transliteration.</param>
public sealed record CreditTransfer(string EndToEndId, Euro Amount, string CreditorName, string CreditorIban, string? CreditorBic, string RemittanceText);

/// <summary>A payout file: the fund's account pays every transfer on one requested execution date (one <c>PmtInf</c>).</summary>
public sealed record CreditTransferBatch(
    string MessageId,
    DateTimeOffset CreatedAt,
    string DebtorName,
    string DebtorIban,
    string? DebtorBic,
    DateOnly ExecutionDate,
    IReadOnlyList<CreditTransfer> Transfers)
{
    public Euro ControlSum => Transfers.Aggregate(Euro.Zero, (sum, t) => sum + t.Amount);
}
