using Azure.Data.Tables;
using MintFonds.Core.Validation;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// Cancels a payout file before the bank confirmed any of it: every grant in it is due again.
/// <para><b>Consistency design.</b> First every grant is read: if a statement already confirmed (or returned) any
/// transfer of the file, nothing changes (409). Then the grants' pending payouts turn Cancelled in transactions of
/// <see cref="PayoutExportService.GrantsPerTransaction"/>, each decision row under its ETag, with its
/// <c>payable-</c> hint written again; a transfer confirmed by a statement import meanwhile keeps its paid state (the
/// stale ETag makes this side read again) and is named in the 409. Last, the export row turns Cancelled (ETag) and
/// the cancellation is audited. A crash midway leaves some grants cancelled: the same request again finishes.</para>
/// </summary>
public sealed class PayoutCancellation(StorageAccount storage, DecisionTable decisions, PayoutExportTable exports, PayoutFiles files, AuditLog audit, TimeProvider time)
{
    private const int MaxAttempts = 20;

    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    /// <summary>
    /// Cancels a file the bank has not confirmed: every grant of it is due again. Refused (409) once a debit of it was
    /// on a statement. A transfer confirmed while the cancel runs stays paid (its ETag guards it) and is named.
    /// </summary>
    public async Task<PayoutExportView> CancelAsync(string fundId, string exportId, PayoutExportCancelInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var reason = check.Text("reason", input.Reason, 500, multiLine: true);
        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        var stored = await files.FindAsync(fundId, exportId, cancellationToken);
        if (stored.Value.State == ExportState.Cancelled)
        {
            return await files.ViewAsync(stored.Value, cancellationToken);
        }

        var references = stored.Value.Items.Select(PayoutFiles.ReferenceOfItem).ToList();
        var confirmed = new List<string>();
        foreach (var reference in references)
        {
            var decision = await decisions.ReadAsync(fundId, reference, cancellationToken);
            if (decision?.Decision.Payouts.LastOrDefault(p => p.ExportId == exportId) is { State: PayoutState.Paid or PayoutState.Returned })
            {
                confirmed.Add(reference);
            }
        }

        if (confirmed.Count == 0)
        {
            foreach (var chunk in references.Chunk(PayoutExportService.GrantsPerTransaction))
            {
                confirmed.AddRange(await CancelChunkAsync(fundId, exportId, chunk, cancellationToken));
            }
        }

        if (confirmed.Count > 0)
        {
            throw new ProblemException(Problems.Conflict(
                $"Die Bank hat Überweisungen dieser Datei bereits bestätigt ({string.Join(", ", confirmed)}); sie kann nicht mehr storniert werden."));
        }

        var now = time.GetUtcNow();
        var cancelled = stored.Value with { State = ExportState.Cancelled, CancelReason = reason, CancelledAt = now, CancelledBy = by.ObjectId };
        try
        {
            await exports.ReplaceAsync(fundId, PayoutRows.ExportKey(exportId), cancelled, stored.ETag, cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new ProblemException(Problems.PreconditionFailed());
        }

        await audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = "payout.export.cancel", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"export/{exportId}", FromState = stored.Value.State.ToString(), ToState = "Cancelled", Reason = reason,
            },
            cancellationToken);
        return await files.ViewAsync(cancelled, cancellationToken);
    }

    /// <summary>Cancels the pending payouts of one chunk in one transaction; returns the ones confirmed meanwhile.</summary>
    private async Task<IReadOnlyList<string>> CancelChunkAsync(string fundId, string exportId, IReadOnlyList<string> chunk, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var confirmed = new List<string>();
            var batch = new PartitionBatch(fundId);
            foreach (var reference in chunk)
            {
                var decision = await decisions.ReadAsync(fundId, reference, cancellationToken);
                var payout = decision?.Decision.Payouts.LastOrDefault(p => p.ExportId == exportId);
                if (decision is not { } d || payout is null || payout.State == PayoutState.Cancelled)
                {
                    continue;
                }

                if (payout.State != PayoutState.Exported)
                {
                    confirmed.Add(reference);
                    continue;
                }

                var now = time.GetUtcNow();
                var next = d.Decision with
                {
                    Payouts = [.. d.Decision.Payouts.Select(p => p == payout ? p with { State = PayoutState.Cancelled, ChangedAt = now } : p)],
                    UpdatedAt = now,
                };
                batch.ReplaceIfUnchanged(decisions.Entity(next, d.ETag)).Upsert(PayoutRows.PayableEntity(fundId, reference));
            }

            if (batch.Count == 0 || await PayoutFiles.TrySubmitAsync(batch, _table, cancellationToken))
            {
                return confirmed;
            }
        }

        throw new ProblemException(Problems.Busy());
    }
}
