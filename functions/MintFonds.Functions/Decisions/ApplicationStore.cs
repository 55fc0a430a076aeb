using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Time;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Decisions;

/// <summary>
/// Moves an application row from one state to the next in ONE transaction of the fund's Applications partition: the
/// application (replaced only if its ETag is unchanged), the institution's cap counter when the step frees a place,
/// extra rows (a kept previous version), and the applicant's e-mail as an outbox row, relayed after the commit. A lost
/// answer is recognised by comparing the stored application with the one written (its timeline entry carries the
/// instant of this write).
/// </summary>
public sealed class ApplicationStore(StorageAccount storage, OutboxRelay relay, TimeProvider time)
{
    private readonly TableClient _table = storage.Table(TableNames.Applications);

    public TableClient Table => _table;

    public async Task<(Application Application, ETag ETag)?> FindAsync(string fundId, string reference, CancellationToken cancellationToken)
    {
        if (!ApplicationReference.IsWellFormed(reference))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, ApplicationRows.ApplicationKey(reference), cancellationToken: cancellationToken);
        return row.HasValue ? (ApplicationRows.ReadApplication(row.Value!), row.Value!.ETag) : null;
    }

    public async Task<(Application Application, ETag ETag)> GetAsync(string fundId, string reference, CancellationToken cancellationToken) =>
        await FindAsync(fundId, reference, cancellationToken)
            ?? throw new ProblemException(Problems.NotFound($"Es gibt keinen Antrag '{reference}' in diesem Fonds."));

    /// <summary>The transition an action makes from the application's state, or 409 naming the state and the allowed steps.</summary>
    public static WorkflowTransition Require(Application application, WorkflowAction action) =>
        ApplicationWorkflow.Find(application.Status, action) ?? throw new ProblemException(IllegalTransition(application.Status, action));

    public static ApiProblem IllegalTransition(ApplicationStatus current, WorkflowAction action)
    {
        var allowed = ApplicationWorkflow.AllowedFrom(current);
        var detail = $"Der Antrag ist im Stand „{ApplicantViews.Label(current)}“; „{ApplicationWorkflow.Label(action)}“ ist dort nicht möglich. "
            + (allowed.Count == 0 ? "Von hier aus gibt es keinen weiteren Schritt." : $"Möglich: {string.Join(", ", allowed.Select(ApplicationWorkflow.Label))}.");
        return Problems.Conflict(detail) with
        {
            Extensions = new Dictionary<string, object>
            {
                ["currentState"] = JsonNamingPolicy.CamelCase.ConvertName(current.ToString()),
                ["allowedActions"] = allowed.Select(a => JsonNamingPolicy.CamelCase.ConvertName(a.ToString())).ToArray(),
            },
        };
    }

    /// <summary>The application after <paramref name="transition"/>: new status and a timeline entry with the note.</summary>
    public Application Advance(Application application, WorkflowTransition transition, string? note) => application with
    {
        Status = transition.To,
        Timeline = [.. application.Timeline, new StatusChange(transition.To, time.GetUtcNow(), note)],
    };

    /// <summary>
    /// Commits <paramref name="after"/> over the row read with <paramref name="etag"/>. Returns false when the row
    /// changed meanwhile (the caller reads again); true when committed, including our own commit whose answer was lost.
    /// </summary>
    public async Task<bool> TryCommitAsync(
        Fund fund,
        Application after,
        ETag etag,
        WorkflowTransition? transition,
        Core.Notifications.NotificationMessage? message,
        IReadOnlyList<TableEntity>? extraRows,
        CancellationToken cancellationToken)
    {
        var batch = new PartitionBatch(fund.Id).ReplaceIfUnchanged(ApplicationRows.ApplicationEntity(after, etag));
        if (transition is not null && ApplicationWorkflow.FreesCapPlace(transition))
        {
            // The place was taken at submission (counted in the year the application was submitted); it is free again.
            var capKey = ApplicationRows.CapKey(BerlinTime.ToLocal(after.SubmittedAt).Year, after.InstitutionKey);
            var cap = await _table.GetEntityIfExistsAsync<TableEntity>(fund.Id, capKey, cancellationToken: cancellationToken);
            if (cap.HasValue)
            {
                batch.SetCounter(capKey, cap.Value, Math.Max(0, PartitionBatch.CounterValue(cap.Value) - 1));
            }
        }

        foreach (var row in extraRows ?? [])
        {
            batch.Add(row);
        }

        var outbox = new List<TableEntity>();
        if (message is not null)
        {
            outbox.Add(OutboxEntry.Create(fund.Id, message.MessageKey.Replace(':', '-'), QueueNames.Notifications, JsonSerializer.Serialize(message, MintFondsJson.Storage), time.GetUtcNow()));
            batch.Add(outbox[0]);
        }

        try
        {
            await batch.SubmitAsync(_table, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            var stored = await FindAsync(fund.Id, after.Reference, cancellationToken);
            if (stored is null || JsonSerializer.Serialize(stored.Value.Application, MintFondsJson.Storage) != JsonSerializer.Serialize(after, MintFondsJson.Storage))
            {
                return false;
            }
        }

        await relay.TrySendNowAsync(TableNames.Applications, outbox, cancellationToken);
        return true;
    }
}
