namespace MintFonds.Core.BankFiles;

public enum BookingSide
{
    Credit,
    Debit,
}

/// <summary>One transaction of a booking (<c>TxDtls</c>); a batch booking has several, a single transfer one.</summary>
/// <param name="Key">Stable per transaction: the entry's key and the transaction's position in it.</param>
/// <param name="EndToEndId">The payer's end-to-end id (<c>Refs/EndToEndId</c>; "NOTPROVIDED" is read as none). For a
/// returned transfer, the id of the original transfer.</param>
/// <param name="RemittanceLines">Every <c>Ustrd</c> in order (a reference may be split across them), then structured references.</param>
/// <param name="ReturnReason">The ISO reason code of a returned transfer (<c>RtrInf/Rsn/Cd</c>), e.g. AC04.</param>
public sealed record StatementTransaction(
    string Key,
    string? EndToEndId,
    long AmountCents,
    string Currency,
    IReadOnlyList<string> RemittanceLines,
    string? CounterpartyName,
    string? CounterpartyIban,
    string? ReturnReason)
{
    public bool IsReturn => ReturnReason is not null;
}

/// <summary>One booking on the statement (<c>Ntry</c>).</summary>
/// <param name="Key">The bank's reference (<c>AcctSvcrRef</c>), else "sha256:" and the hash of the entry's XML: the same
/// booking in two statements has the same key.</param>
public sealed record StatementEntry(
    string Key,
    string AccountIban,
    long AmountCents,
    string Currency,
    BookingSide Side,
    bool Reversal,
    string Status,
    DateOnly? BookingDate,
    DateOnly? ValueDate,
    IReadOnlyList<StatementTransaction> Transactions)
{
    public bool IsBooked => string.Equals(Status, "BOOK", StringComparison.Ordinal);
}

/// <summary>A camt.053 document: its version and every entry of every statement in it.</summary>
public sealed record BankStatement(string Version, IReadOnlyList<string> StatementIds, IReadOnlyList<string> AccountIbans, IReadOnlyList<StatementEntry> Entries);

/// <summary>A bank file that cannot be taken: the message is for the office (German).</summary>
public sealed class BankFileException(string message, string? file = null) : Exception(message)
{
    public string? File { get; } = file;
}
