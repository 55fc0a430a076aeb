using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.BankFiles;
using MintFonds.Core.Json;
using MintFonds.Core.Money;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// Makes the SEPA payout file (pain.001.001.09) for approved grants and marks them "payout exported" so no grant is
/// ever in two files; cancels a file before the bank confirmed any of it.
/// <para><b>Consistency design.</b> The export row <c>export-{id}</c> and the grants' <c>decision-</c> rows share the
/// fund's Ledger partition. Grants are marked in transactions of at most <see cref="GrantsPerTransaction"/>: each
/// replaces the decision rows only if their ETags are unchanged (adding the pending <see cref="GrantPayout"/>) and
/// deletes their <c>payable-</c> hints; the first one also inserts the export row (state Preparing), so up to 49
/// grants are claimed and marked in ONE transaction. Then the file is stored under a name made of the export id
/// (write-once content: rebuilt identically from the export row) and the export row turns Exported (ETag). A grant
/// whose decision carries a pending payout cannot be selected again, so a double export is refused whatever the
/// timing: the second marker's ETag is stale. A crash leaves a Preparing export whose marked grants carry its id:
/// the same request again (same Idempotency-Key, hence the same export id) recognises them as its own and finishes;
/// or the office cancels it (<see cref="PayoutCancellation"/>). A lost answer of a committed transaction is recognised
/// the same way (the decision carries our export id).</para>
/// </summary>
public sealed partial class PayoutExportService(
    StorageAccount storage,
    DecisionTable decisions,
    PayoutExportTable exports,
    PayoutFiles files,
    FundService funds,
    AuditLog audit,
    TimeProvider time,
    ILogger<PayoutExportService> logger)
{
    /// <summary>Two rows per grant (decision, payable hint) plus the export row: 99 of 100.</summary>
    public const int GrantsPerTransaction = 49;

    /// <summary>Transfers per file; the DK rules allow more, but a file the office can check and the bank accepts in one upload.</summary>
    public const int MaxTransfers = 1000;

    private const int MaxAttempts = 20;

    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    public async Task<(PayoutExportView View, bool Created)> CreateAsync(string fundId, PayoutExportInput input, string? idempotencyKey, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var fund = (await funds.GetAsync(fundId, cancellationToken)).Value;
        var today = BerlinTime.Today(time);
        var (references, executionDate) = Validate(input, today);
        var requestHash = Hash(JsonSerializer.Serialize(new { references, input.AllDue, executionDate }, MintFondsJson.Storage));
        var exportId = idempotencyKey is null ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)) : Hash(fundId + "\n" + idempotencyKey)[..20];
        var stored = await exports.GetAsync(fundId, PayoutRows.ExportKey(exportId), cancellationToken);
        if (stored is not null)
        {
            if (stored.Value.RequestHash != requestHash)
            {
                throw new ProblemException(Problems.Validation([new FieldError("Idempotency-Key", "Dieser Idempotency-Key wurde schon für eine andere Auszahlungsdatei verwendet.")]));
            }

            return (await FinishAsync(stored, cancellationToken), false);
        }

        var payable = await PayableHintsAsync(fundId, cancellationToken);
        var selected = await SelectAsync(fundId, references ?? [.. payable.Take(MaxTransfers)], explicitly: references is not null, cancellationToken);
        var now = time.GetUtcNow();
        var export = new PayoutExport
        {
            FundId = fundId,
            ExportId = exportId,
            State = ExportState.Preparing,
            RequestHash = requestHash,
            ExecutionDate = executionDate,
            Items = [.. selected.Select(s => PayoutExport.Item(PayoutRows.EndToEndId(s.Decision.Reference, s.Decision.Payouts.Count + 1), s.Decision.Payable))],
            CreatedAt = now,
            CreatedBy = by.ObjectId,
        };

        // Checked before anything is stored: a file the bank would refuse is never written.
        var transfers = await files.TransfersAsync(export, cancellationToken);
        _ = Pain001.Write(PayoutFiles.Batch(fund, export, transfers));

        var exportRow = exports.Entity(export);
        var marked = await MarkAsync(export, exportRow, selected, payable, cancellationToken);
        if (marked.Count < selected.Count)
        {
            // Grants changed by someone else since they were read are left out (never exported twice); the rest go.
            export = export with { Items = [.. export.Items.Where(i => marked.Contains(PayoutFiles.ReferenceOfItem(i)))] };
        }

        var view = await FinishAsync(new Stored<PayoutExport>(export, default), cancellationToken);
        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "payout.export", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"export/{exportId}", ToState = "Exported", Reason = $"{view.NumberOfTransactions} Überweisungen, {view.ControlSum.ToGermanString()}",
            },
            cancellationToken);
        LogExported(logger, fundId, exportId, view.NumberOfTransactions);
        return (view, true);
    }

    public async Task<PayoutExportView> GetAsync(string fundId, string exportId, CancellationToken cancellationToken)
    {
        var stored = await files.FindAsync(fundId, exportId, cancellationToken);
        return await files.ViewAsync(stored.Value, cancellationToken);
    }

    /// <summary>The file, rebuilt identically if its blob is missing (a crash between marking and storing).</summary>
    public async Task<(byte[] Content, string FileName)> FileAsync(string fundId, string exportId, CancellationToken cancellationToken)
    {
        var stored = await files.FindAsync(fundId, exportId, cancellationToken);
        if (stored.Value.State == ExportState.Preparing)
        {
            await FinishAsync(stored, cancellationToken);
            stored = await files.FindAsync(fundId, exportId, cancellationToken);
        }

        var blob = storage.Container(BlobContainerNames.BankFiles).GetBlobClient(PayoutFiles.BlobName(stored.Value));
        var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        return (content, stored.Value.MessageId + ".xml");
    }

    private static (IReadOnlyList<string>? References, DateOnly ExecutionDate) Validate(PayoutExportInput input, DateOnly today)
    {
        var check = new InputChecker();
        IReadOnlyList<string>? references = null;
        if (input.References is { Count: > 0 } list)
        {
            if (input.AllDue == true)
            {
                check.Add("allDue", "Entweder Vorgangsnummern oder „alle fälligen“ wählen, nicht beides.");
            }

            if (list.Count > MaxTransfers)
            {
                check.Add("references", $"Höchstens {MaxTransfers} Zuschüsse je Datei.");
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (!ApplicationReference.IsWellFormed(list[i]))
                {
                    check.Add($"references[{i}]", "Keine gültige Vorgangsnummer (z. B. MRF-2026-0042).");
                }
            }

            if (list.Distinct(StringComparer.Ordinal).Count() != list.Count)
            {
                check.Add("references", "Jeder Zuschuss nur einmal.");
            }

            references = list;
        }
        else if (input.AllDue != true)
        {
            check.Add("references", "Vorgangsnummern angeben oder „allDue“: true für alle fälligen Zuschüsse.");
        }

        var date = input.ExecutionDate ?? NextBankDay(today);
        if (date < today || date > today.AddDays(60))
        {
            check.Add("executionDate", "Das Ausführungsdatum muss zwischen heute und 60 Tagen liegen.");
        }

        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        return (references, date);
    }

    private static DateOnly NextBankDay(DateOnly today)
    {
        var day = today.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private async Task<List<string>> PayableHintsAsync(string fundId, CancellationToken cancellationToken)
    {
        var hints = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(LedgerRows.Range(fundId, PayoutRows.PayablePrefix), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            hints.Add(row.RowKey[PayoutRows.PayablePrefix.Length..]);
        }

        return hints;
    }

    private async Task<List<(GrantDecision Decision, ETag ETag)>> SelectAsync(string fundId, IReadOnlyList<string> references, bool explicitly, CancellationToken cancellationToken)
    {
        var read = new (GrantDecision Decision, ETag ETag, string? WriteId)?[references.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, references.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => read[i] = await decisions.ReadAsync(fundId, references[i], ct));
        var selected = new List<(GrantDecision, ETag)>();
        var errors = new List<FieldError>();
        for (var i = 0; i < references.Count; i++)
        {
            var problem = read[i] switch
            {
                null => "Zu dieser Vorgangsnummer gibt es keinen bewilligten Zuschuss.",
                { Decision.State: not DecisionState.Approved } => "Der Zuschuss ist nicht (mehr) bewilligt.",
                { Decision.PendingPayout: { } pending } => $"Der Zuschuss steht bereits in der Auszahlungsdatei {pending.ExportId} (noch nicht von der Bank bestätigt).",
                { Decision.Payable.Cents: <= 0 } => "Der Zuschuss ist bereits ausgezahlt.",
                _ => null,
            };
            if (problem is null)
            {
                selected.Add((read[i]!.Value.Decision, read[i]!.Value.ETag));
            }
            else if (explicitly)
            {
                errors.Add(new FieldError($"references[{i}]", $"{references[i]}: {problem}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ProblemException(Problems.Conflict(string.Join(" ", errors.Select(e => e.Message))) with
            {
                Errors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });
        }

        if (selected.Count == 0)
        {
            throw new ProblemException(Problems.Conflict("Es gibt keine fälligen Zuschüsse für eine Auszahlungsdatei."));
        }

        return selected;
    }

    /// <summary>Marks the grants in transactions of 49; returns the references marked for this export.</summary>
    private async Task<HashSet<string>> MarkAsync(
        PayoutExport export, TableEntity exportRow, List<(GrantDecision Decision, ETag ETag)> selected, List<string> payable, CancellationToken cancellationToken)
    {
        var fundId = export.FundId;
        var hints = payable.ToHashSet(StringComparer.Ordinal);
        var marked = new HashSet<string>(StringComparer.Ordinal);
        var exportStored = false;
        var items = export.Items.ToDictionary(PayoutFiles.ReferenceOfItem, i => PayoutExport.Parse(i), StringComparer.Ordinal);
        foreach (var chunk in selected.Chunk(GrantsPerTransaction))
        {
            var pending = chunk.ToList();
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                var batch = new PartitionBatch(fundId);
                if (!exportStored)
                {
                    batch.Add(exportRow);
                }

                foreach (var (decision, etag) in pending)
                {
                    var (endToEndId, amount) = items[decision.Reference];
                    var next = decision with
                    {
                        Payouts = [.. decision.Payouts, new GrantPayout(endToEndId, export.ExportId, amount, PayoutState.Exported, export.CreatedAt)],
                        UpdatedAt = export.CreatedAt,
                    };
                    batch.ReplaceIfUnchanged(decisions.Entity(next, etag));
                    if (hints.Contains(decision.Reference))
                    {
                        batch.Delete(new TableEntity(fundId, PayoutRows.PayableKey(decision.Reference)) { ETag = ETag.All });
                    }
                }

                if (await PayoutFiles.TrySubmitAsync(batch, _table, cancellationToken))
                {
                    exportStored = true;
                    marked.UnionWith(pending.Select(p => p.Decision.Reference));
                    break;
                }

                if (attempt == MaxAttempts)
                {
                    throw new ProblemException(Problems.Busy());
                }

                // Something changed: read again. Ours (a lost answer) counts as marked; still payable goes again; else it is left out.
                exportStored = exportStored || await exports.GetAsync(fundId, PayoutRows.ExportKey(export.ExportId), cancellationToken) is { } e && e.Value.CreatedAt == export.CreatedAt;
                var again = new List<(GrantDecision, ETag)>();
                foreach (var (decision, _) in pending)
                {
                    var now = await decisions.ReadAsync(fundId, decision.Reference, cancellationToken);
                    if (now is not { } n)
                    {
                        continue;
                    }

                    if (n.Decision.Payouts.Any(p => p.ExportId == export.ExportId))
                    {
                        marked.Add(decision.Reference);
                    }
                    else if (n.Decision.PendingPayout is null && n.Decision.Payable == decision.Payable && n.Decision.Payouts.Count == decision.Payouts.Count)
                    {
                        again.Add((n.Decision, n.ETag));
                    }
                }

                if (!exportStored && again.Count == 0)
                {
                    // Nothing of this chunk is left to mark; the export row goes with the next chunk.
                    break;
                }

                hints = (await PayableHintsAsync(fundId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
                pending = again;
            }
        }

        if (!exportStored)
        {
            throw new ProblemException(Problems.Conflict("Die ausgewählten Zuschüsse wurden inzwischen geändert oder exportiert; bitte neu auswählen."));
        }

        return marked;
    }

    /// <summary>Stores the file and turns the export row Exported; the same for a retry that finds it Preparing.</summary>
    private async Task<PayoutExportView> FinishAsync(Stored<PayoutExport> stored, CancellationToken cancellationToken)
    {
        var export = stored.Value;
        if (export.State != ExportState.Preparing)
        {
            return await files.ViewAsync(export, cancellationToken);
        }

        var fundId = export.FundId;
        // Only the grants that carry this export's payout (a crash may have stopped before every chunk).
        var marked = new List<string>();
        foreach (var item in export.Items)
        {
            var decision = await decisions.ReadAsync(fundId, PayoutFiles.ReferenceOfItem(item), cancellationToken);
            if (decision is { } d && d.Decision.Payouts.Any(p => p.ExportId == export.ExportId))
            {
                marked.Add(item);
            }
        }

        var fund = (await funds.GetAsync(fundId, cancellationToken)).Value;
        var done = export with { Items = marked, State = ExportState.Exported, BlobName = PayoutFiles.BlobName(export) };
        if (marked.Count > 0)
        {
            var file = Pain001.Write(PayoutFiles.Batch(fund, done, await files.TransfersAsync(done, cancellationToken)));
            await storage.Container(BlobContainerNames.BankFiles).GetBlobClient(done.BlobName).UploadAsync(new BinaryData(file), overwrite: true, cancellationToken);
        }
        else
        {
            done = done with { State = ExportState.Cancelled, CancelReason = "Keiner der Zuschüsse war noch auszahlbar.", BlobName = null };
        }

        var current = await exports.GetAsync(fundId, PayoutRows.ExportKey(export.ExportId), cancellationToken);
        if (current is { Value.State: ExportState.Preparing })
        {
            try
            {
                await exports.ReplaceAsync(fundId, PayoutRows.ExportKey(export.ExportId), done, current.ETag, cancellationToken);
            }
            catch (StorageConflictException)
            {
                // Finished concurrently by the same request's retry: that one stands.
            }
        }

        var final = await exports.GetAsync(fundId, PayoutRows.ExportKey(export.ExportId), cancellationToken);
        return await files.ViewAsync(final?.Value ?? done, cancellationToken);
    }


    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Payout file {ExportId} of fund {FundId} with {Count} transfers")]
    private static partial void LogExported(ILogger logger, string fundId, string exportId, int count);
}
