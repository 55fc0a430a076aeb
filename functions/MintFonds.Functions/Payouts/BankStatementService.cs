using Microsoft.Extensions.Logging;
using MintFonds.Core.BankFiles;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// Imports a camt.053 account statement (XML, or the ZIP online banking downloads): every file is read and checked
/// completely before anything is stored (hostile or foreign XML changes nothing), then each transaction is taken on
/// its own by <see cref="StatementBookings"/>.
/// <para><b>Consistency design.</b> Each transaction commits in its own transaction of the fund's Ledger partition,
/// together with its <c>stmt-</c> row (see <see cref="PayoutRows"/>); a crash in the middle leaves the taken ones taken
/// and marked, and importing the file again takes the rest and reports the others as already known. So the same
/// statement twice, or two overlapping statements, change the ledger once.</para>
/// </summary>
public sealed partial class BankStatementService(FundService funds, StatementBookings bookings, AuditLog audit, ILogger<BankStatementService> logger)
{
    public async Task<StatementImportResult> ImportAsync(string fundId, byte[] upload, string fileName, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var fund = (await funds.GetAsync(fundId, cancellationToken)).Value;
        var statements = new List<BankStatement>();
        var names = new List<string>();
        try
        {
            foreach (var (name, content) in StatementArchive.Files(upload, fileName))
            {
                statements.Add(Camt053.Read(content, name));
                names.Add(name);
            }
        }
        catch (BankFileException ex)
        {
            throw new ProblemException(Problems.Validation([new FieldError(ex.File is null ? "file" : $"file[{ex.File}]", ex.Message)]) with
            {
                Title = "Die Datei ist kein verwendbarer Kontoauszug.",
                Detail = ex.Message,
            });
        }

        var fundIban = Iban.Canonical(fund.BankAccount.Iban);
        var foreign = statements.SelectMany(s => s.AccountIbans).FirstOrDefault(i => i != fundIban);
        if (foreign is not null)
        {
            var message = $"Der Kontoauszug gehört zum Konto {Iban.Format(foreign)}, nicht zum Konto des Fonds ({Iban.Format(fundIban)}).";
            throw new ProblemException(Problems.Validation([new FieldError("file", message)]) with { Detail = message });
        }

        var matched = new List<StatementLine>();
        var known = new List<StatementLine>();
        var office = new List<StatementLine>();
        var count = 0;
        foreach (var entry in statements.SelectMany(s => s.Entries))
        {
            foreach (var transaction in entry.Transactions)
            {
                count++;
                var (line, bucket) = await bookings.TakeAsync(fund, entry, transaction, by, cancellationToken);
                (bucket switch { StatementBucket.Matched => matched, StatementBucket.AlreadyKnown => known, _ => office }).Add(line);
            }
        }

        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "bankstatement.import", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"statement/{string.Join(",", statements.SelectMany(s => s.StatementIds)).Truncate(150)}",
                Reason = $"{matched.Count} übernommen, {known.Count} bereits bekannt, {office.Count} zur Klärung",
            },
            cancellationToken);
        LogImported(logger, fundId, count, matched.Count, known.Count, office.Count);
        return new StatementImportResult(names, [.. statements.Select(s => s.Version).Distinct()], count, matched, known, office);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Statement for fund {FundId}: {Count} transactions, {Matched} taken, {Known} known, {Office} for the office")]
    private static partial void LogImported(ILogger logger, string fundId, int count, int matched, int known, int office);
}

internal static class TextExtensions
{
    public static string Truncate(this string text, int length) => text.Length <= length ? text : text[..length];
}
