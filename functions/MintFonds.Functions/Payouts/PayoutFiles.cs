using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.BankFiles;
using MintFonds.Core.Validation;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// A payout file's content and views: the transfers (each grant's account from its application, the fund's account as
/// debtor), the file's name in <c>bankfiles</c>, and what the office sees of an export. The file is a pure function of
/// the export row, so a retry or a lost blob rebuilds it byte for byte.
/// </summary>
public sealed class PayoutFiles(DecisionTable decisions, PayoutExportTable exports, ApplicationStore applications, FundService funds)
{
    public async Task<IReadOnlyList<CreditTransfer>> TransfersAsync(PayoutExport export, CancellationToken cancellationToken)
    {
        var items = export.Items.Select(PayoutExport.Parse).ToList();
        var transfers = new CreditTransfer[items.Count];
        var fund = (await funds.GetAsync(export.FundId, cancellationToken)).Value;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (endToEndId, amount) = items[i];
                var reference = PayoutRows.ReferenceOf(endToEndId)!;
                var (application, _) = await applications.GetAsync(export.FundId, reference, ct);
                if (application.AnonymisedAt is not null || !Iban.IsValid(application.BankAccount.Iban))
                {
                    throw new ProblemException(Problems.Conflict($"{reference}: Für diesen Zuschuss ist keine gültige Bankverbindung gespeichert.", "references"));
                }

                transfers[i] = new CreditTransfer(
                    endToEndId,
                    amount,
                    application.BankAccount.AccountHolder,
                    application.BankAccount.Iban,
                    application.BankAccount.Bic,
                    $"{reference} Zuschuss {fund.Name}: {application.Project.Title}");
            });
        return transfers;
    }

    public static CreditTransferBatch Batch(Core.Funds.Fund fund, PayoutExport export, IReadOnlyList<CreditTransfer> transfers) =>
        new(export.MessageId, export.CreatedAt, fund.BankAccount.AccountHolder, fund.BankAccount.Iban, fund.BankAccount.Bic, export.ExecutionDate, transfers);

    public async Task<Stored<PayoutExport>> FindAsync(string fundId, string exportId, CancellationToken cancellationToken) =>
        (exportId.Length == 20 && exportId.All(char.IsAsciiHexDigitLower) ? await exports.GetAsync(fundId, PayoutRows.ExportKey(exportId), cancellationToken) : null)
            ?? throw new ProblemException(Problems.NotFound("Diese Auszahlungsdatei gibt es nicht."));

    public async Task<PayoutExportView> ViewAsync(PayoutExport export, CancellationToken cancellationToken)
    {
        var transfers = new List<ExportedTransfer>();
        foreach (var item in export.Items)
        {
            var (endToEndId, amount) = PayoutExport.Parse(item);
            var reference = PayoutRows.ReferenceOf(endToEndId)!;
            var decision = export.Items.Count <= 100 ? await decisions.ReadAsync(export.FundId, reference, cancellationToken) : null;
            var state = decision?.Decision.Payouts.FirstOrDefault(p => p.EndToEndId == endToEndId)?.State ?? (export.State == ExportState.Cancelled ? PayoutState.Cancelled : PayoutState.Exported);
            transfers.Add(new ExportedTransfer(reference, endToEndId, amount, JsonNamingPolicy.CamelCase.ConvertName(state.ToString())));
        }

        return new PayoutExportView(
            export.ExportId,
            JsonNamingPolicy.CamelCase.ConvertName(export.State.ToString()),
            export.MessageId,
            export.ExecutionDate,
            export.Items.Count,
            export.ControlSum,
            export.CreatedAt,
            export.BlobName is null ? null : $"/api/manage/funds/{export.FundId}/payout-exports/{export.ExportId}/file",
            transfers,
            export.CancelReason);
    }

    /// <summary>False when a row changed or exists (404/409/412): the caller reads again.</summary>
    public static async Task<bool> TrySubmitAsync(PartitionBatch batch, TableClient table, CancellationToken cancellationToken)
    {
        try
        {
            await batch.SubmitAsync(table, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    public static string BlobName(PayoutExport export) => $"{export.FundId}/payouts/{export.ExportId}.xml";

    public static string ReferenceOfItem(string item) => PayoutRows.ReferenceOf(PayoutExport.Parse(item).EndToEndId)!;
}
