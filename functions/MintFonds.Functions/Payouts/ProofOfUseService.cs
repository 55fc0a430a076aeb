using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Money;
using MintFonds.Core.Validation;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

/// <summary>
/// The grantee's proof of use, sent with the status token: report, participants reached per education stage, money
/// spent per budget line, receipts and photos.
/// <para><b>Consistency design (no blob without a row naming it).</b> First an <c>upload-{id}</c> claim row names the
/// random blob names (never the sent file names); then the blobs are written to <c>attachments</c>; then ONE
/// transaction of the fund's Ledger partition inserts or replaces (ETag) the <c>use-</c> row with the new files,
/// deletes the claim and the <c>usedue-</c> reminder row. A crash before that leaves the claim naming its blobs; the
/// daily reminder run sweeps claims older than a day with their blobs (<see cref="ProofOfUseReminders"/>). A lost
/// answer is recognised by the row's write id; a retried request by its Idempotency-Key (kept hashed in the row).</para>
/// </summary>
public sealed partial class ProofOfUseService(
    StorageAccount storage,
    ApplicationStatusService status,
    DecisionTable decisions,
    ProofOfUseTable uses,
    TimeProvider time,
    ILogger<ProofOfUseService> logger)
{
    private const int MaxAttempts = 10;

    private readonly TableClient _table = storage.Table(TableNames.Ledger);

    public async Task<(ProofOfUseView View, bool Created)> SubmitAsync(
        string fundId, string reference, string? token, Func<Task<ProofOfUseUpload>> read, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // The token first: a stranger's upload is refused before a byte of it is read.
        var application = await status.AuthorizeAsync(fundId, reference, token, cancellationToken);
        var upload = await read();
        var keyHash = idempotencyKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
        var current = await uses.GetAsync(fundId, PayoutRows.UseKey(reference), cancellationToken);
        if (keyHash is not null && current is { } replay && replay.Value.SubmissionKeys.Contains(keyHash))
        {
            return (ProofOfUseViews.Of(replay.Value), false);
        }

        var decision = (await decisions.ReadAsync(fundId, reference, cancellationToken))?.Decision;
        RequireOpen(decision, current?.Value);
        var (report, participants, spending, consent) = Validate(application, upload);
        var now = time.GetUtcNow();
        var files = upload.Files.Select(f => (Upload: f, File: new ProofOfUseFile(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), f.Kind, f.ContentType, f.Content.Length, f.Sha256, now))).ToList();

        string? claimKey = null;
        if (files.Count > 0)
        {
            claimKey = PayoutRows.UploadKey(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
            await _table.AddEntityAsync(
                new TableEntity(fundId, claimKey)
                {
                    ["Reference"] = reference,
                    ["Blobs"] = JsonSerializer.Serialize(files.Select(f => f.File.BlobName(fundId, reference))),
                    ["CreatedAt"] = now,
                },
                cancellationToken);
            var container = storage.Container(BlobContainerNames.Attachments);
            foreach (var (file, stored) in files)
            {
                // A random name only this request knows: overwriting is harmless (the SDK's retry of our own upload).
                await container.GetBlobClient(stored.BlobName(fundId, reference)).UploadAsync(
                    new BinaryData(file.Content), new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = stored.ContentType } }, cancellationToken);
            }
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var before = current?.Value;
            RequireOpen(decision, before);
            var next = new ProofOfUse
            {
                FundId = fundId,
                Reference = reference,
                State = ProofOfUseState.Submitted,
                DueOn = before?.DueOn ?? decision!.Terms?.ProofOfUseDueOn,
                Report = report,
                ParticipantsByStage = participants,
                Spending = spending,
                PhotoConsentConfirmed = consent || (before?.PhotoConsentConfirmed ?? false),
                Files = [.. before?.Files ?? [], .. files.Select(f => f.File)],
                SubmittedAt = now,
                Submissions = (before?.Submissions ?? 0) + 1,
                SubmissionKeys = keyHash is null ? before?.SubmissionKeys ?? [] : [.. (before?.SubmissionKeys ?? []).TakeLast(9), keyHash],
                RepaymentReceived = before?.RepaymentReceived ?? Euro.Zero,
            };
            var row = uses.Entity(next, current?.ETag ?? default);
            var batch = new PartitionBatch(fundId);
            if (current is null)
            {
                batch.Add(row);
            }
            else
            {
                batch.ReplaceIfUnchanged(row);
            }

            if (claimKey is not null)
            {
                batch.Delete(new TableEntity(fundId, claimKey) { ETag = ETag.All });
            }

            // What this submission answers was due by a usedue- row: the grant's first deadline, or the one the office set
            // when it asked for more. Its removal ends the reminders and the overdue listing.
            var answered = before is null ? decision!.Terms?.ProofOfUseDueOn : before.State == ProofOfUseState.MoreRequested ? before.DueOn : null;
            if (answered is { } due
                && (await _table.GetEntityIfExistsAsync<TableEntity>(fundId, PayoutRows.UseDueKey(due, reference), cancellationToken: cancellationToken)).HasValue)
            {
                batch.Delete(new TableEntity(fundId, PayoutRows.UseDueKey(due, reference)) { ETag = ETag.All }); // no more reminders, not overdue
            }

            try
            {
                await batch.SubmitAsync(_table, cancellationToken);
                LogSubmitted(logger, fundId, reference, files.Count);
                return (ProofOfUseViews.Of(next), true);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                var stored = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, row.RowKey, cancellationToken: cancellationToken);
                if (stored.HasValue && stored.Value!.GetString("WriteId") == row.GetString("WriteId"))
                {
                    return (ProofOfUseViews.Of(next), true); // ours, committed while the answer was lost
                }

                current = await uses.GetAsync(fundId, PayoutRows.UseKey(reference), cancellationToken);
                decision = (await decisions.ReadAsync(fundId, reference, cancellationToken))?.Decision;
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private static void RequireOpen(GrantDecision? decision, ProofOfUse? use)
    {
        if (decision is not { State: DecisionState.Approved })
        {
            throw new ProblemException(Problems.Conflict("Ein Verwendungsnachweis ist nur für einen bewilligten Zuschuss möglich."));
        }

        if (use is { State: ProofOfUseState.Accepted })
        {
            throw new ProblemException(Problems.Conflict("Der Verwendungsnachweis wurde bereits angenommen; es ist nichts mehr einzureichen."));
        }
    }

    private static (string Report, IReadOnlyDictionary<Core.Funds.EducationStage, int> Participants, IReadOnlyList<SpendingLine> Spending, bool Consent) Validate(
        Application application, ProofOfUseUpload upload)
    {
        var input = upload.Report;
        var check = new InputChecker();
        var report = check.Text("report.report", input.Report, 4000, multiLine: true);
        var participants = input.ParticipantsByStage ?? [];
        if (participants.Count == 0 || participants.Values.All(v => v == 0))
        {
            check.Add("report.participantsByStage", "Bitte die Zahl der erreichten Teilnehmenden je Bildungsstufe angeben.");
        }

        foreach (var (stage, count) in participants)
        {
            if (count is < 0 or > 100_000)
            {
                check.Add($"report.participantsByStage.{JsonNamingPolicy.CamelCase.ConvertName(stage.ToString())}", "Eine Zahl von 0 bis 100.000.");
            }
        }

        var lines = application.Budget.Lines.Select(l => l.Description.Trim()).ToList();
        var spending = new List<SpendingLine>();
        var given = input.Spending ?? [];
        if (given.Count is 0 or > 50)
        {
            check.Add("report.spending", "Bitte die Ausgaben je Kostenposition angeben (1 bis 50 Zeilen).");
        }

        for (var i = 0; i < Math.Min(given.Count, 50); i++)
        {
            var line = lines.FirstOrDefault(l => string.Equals(l, given[i].BudgetLine?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (line is null)
            {
                check.Add($"report.spending[{i}].budgetLine", $"Keine Kostenposition des Antrags. Möglich: {string.Join(", ", lines)}.");
            }

            var amount = check.Amount($"report.spending[{i}].amount", given[i].Amount, Euro.Zero, Euro.Max);
            if (line is not null && amount is { } a)
            {
                if (spending.Any(s => s.BudgetLine == line))
                {
                    check.Add($"report.spending[{i}].budgetLine", "Jede Kostenposition nur einmal.");
                }

                spending.Add(new SpendingLine(line, a));
            }
        }

        var consent = input.PhotoConsentConfirmed == true;
        if (upload.Files.Any(f => f.Kind == "photo") && !consent)
        {
            check.Add("report.photoConsentConfirmed", "Fotos bitte nur mit der Bestätigung, dass die Einwilligung der Eltern vorliegt.");
        }

        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        return (report!, participants.Where(p => p.Value > 0).ToDictionary(), spending, consent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proof of use for {Reference} of fund {FundId} received with {Files} files")]
    private static partial void LogSubmitted(ILogger logger, string fundId, string reference, int files);
}
