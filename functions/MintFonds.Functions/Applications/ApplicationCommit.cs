using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Applications;

/// <summary>How one attempt to commit an application ended, and the one step each outcome needs next.</summary>
public enum CommitResult
{
    /// <summary>Stored: relay the outbox row.</summary>
    Committed,

    /// <summary>A replay marker exists: read it (a repeat, this request's own lost answer, or an expired double-click marker).</summary>
    MarkerExists,

    /// <summary>The fund or call changed since its rules were read: read them again and validate again.</summary>
    RulesChanged,

    /// <summary>Another instance took a number: read the counter and try again after a back-off.</summary>
    CounterMoved,

    /// <summary>The institution's yearly count exists or moved: try again with the count read now.</summary>
    CapMoved,
}

/// <summary>What an attempt wrote (or would have written), whatever its result.</summary>
public sealed record CommitAttempt(CommitResult Result, Application Application, IReadOnlyList<TableEntity> Outbox, TableEntity? Cap = null);

/// <summary>
/// One attempt to store an application: everything in ONE transaction in the fund's partition, in this order: the
/// replay marker (an existing one fails the transaction first, so a repeat is found without reading for it), the
/// rules gate (see <see cref="RulesGate"/>), the reference counter (ETag-guarded, so references are gapless and
/// unique), the institution's yearly count (inserted when unknown, else ETag-guarded, so the cap holds under races),
/// the application, and its e-mails as one outbox row. The counter is not read when this instance wrote it last
/// (<see cref="KnownCounters"/>), and attempts of one instance queue per fund (<see cref="PartitionLocks"/>), so in one
/// instance nothing races; a failure names its action, and the caller takes the one step that action needs.
/// </summary>
public sealed class ApplicationCommit(StorageAccount storage, IntakeRulesCache rulesCache, PartitionLocks locks, KnownCounters counters)
{
    private readonly TableClient _table = storage.Table(TableNames.Applications);

    public async Task<CommitAttempt> TryAsync(
        IntakeRules rules, ApplicationDraft draft, ReplayMarker replay, ETag expiredMarker, TableEntity? cap, int year, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fund = rules.Fund!;
        var call = rules.Call!;
        var sequenceKey = ApplicationRows.SequenceKey(year);
        var capKey = ApplicationRows.CapKey(year, draft.InstitutionKey);
        using var turn = await locks.EnterAsync(TableNames.Applications, fund.Id, cancellationToken);
        var sequence = counters.Get(TableNames.Applications, fund.Id, sequenceKey) ?? await GetAsync(fund.Id, sequenceKey, cancellationToken);
        var number = PartitionBatch.CounterValue(sequence) + 1;
        var application = NewApplication(fund, call, draft, year, number, now);
        var entity = ApplicationRows.ApplicationEntity(application);
        if (entity.GetString("Json").Length > ApplicationRows.MaxDocumentLength)
        {
            throw new ProblemException(Problems.RecordTooLarge(
                "Der Antrag ist als Ganzes zu umfangreich. Bitte die Projektbeschreibung oder die Kostenpositionen kürzen."));
        }

        // Checked and accepted: the fund's very first intake creates the rules gate now (nothing is written for a refusal).
        var (gated, readAgain) = await rulesCache.EnsureGateAsync(TableNames.Applications, rules, cancellationToken);
        if (readAgain)
        {
            return new CommitAttempt(CommitResult.RulesChanged, application, []);
        }

        var batch = new PartitionBatch(fund.Id);
        var markerAt = replay.AddTo(batch, replay.Entity(fund.Id, application.Reference, now), expiredMarker);
        var gateAt = RulesGate.Guard(batch, gated.Gate);
        var counterAt = batch.Count;
        batch.SetCounter(sequenceKey, sequence, number);
        var capAt = batch.Count;
        batch.SetCounter(capKey, cap, PartitionBatch.CounterValue(cap) + 1);
        batch.Add(entity);

        // The person index row: a data-subject request finds the application without reading the fund's history.
        batch.Upsert(Privacy.PersonRows.Entity(fund.Id, Core.Privacy.PersonKey.For(application.Contact.Email), application.Reference));

        // The fund's figures count the application: the fact commits in this very transaction (no extra request).
        batch.Add(Figures.GrantFigures.Submitted(application));
        var outbox = OutboxEntry.ForNotifications(fund.Id, application.Reference, ApplicationMessages.ForSubmission(fund, call, application), now);
        foreach (var entry in outbox)
        {
            batch.Add(entry);
        }

        try
        {
            var answers = await batch.SubmitAsync(_table, cancellationToken);
            counters.Set(TableNames.Applications, fund.Id, sequenceKey, number, answers[counterAt].Headers.ETag);
            return new CommitAttempt(CommitResult.Committed, application, outbox);
        }
        catch (RequestFailedException ex) when (TransactionFailure.IsConflict(ex))
        {
            // Whatever failed, this instance no longer knows the counter for sure (a lost answer may have moved it).
            counters.Forget(TableNames.Applications, fund.Id, sequenceKey);
            var failure = TransactionFailure.Of(ex);
            var result = failure.Index switch
            {
                _ when failure.At(markerAt) => CommitResult.MarkerExists,
                _ when failure.At(gateAt) => CommitResult.RulesChanged,
                _ when failure.At(counterAt) => CommitResult.CounterMoved,
                _ when failure.At(capAt) => CommitResult.CapMoved,

                // Unknown, or a row of this number exists: the counter is behind; the marker is looked at first.
                null => CommitResult.MarkerExists,
                _ => CommitResult.CounterMoved,
            };
            var capNow = result == CommitResult.CapMoved ? await GetAsync(fund.Id, capKey, cancellationToken) : null;
            return new CommitAttempt(result, application, outbox, capNow);
        }
    }

    private static Application NewApplication(Fund fund, FundingCall call, ApplicationDraft draft, int year, long number, DateTimeOffset now) => new()
    {
        FundId = fund.Id,
        CallId = call.Id,
        Reference = ApplicationReference.Format(fund.ReferencePrefix, year, number),
        Institution = draft.Institution,
        Contact = draft.Contact,
        Project = draft.Project,
        Budget = draft.Budget,
        BankAccount = draft.BankAccount,
        Consents = draft.Consents,
        Status = ApplicationStatus.Submitted,
        Timeline = [new StatusChange(ApplicationStatus.Submitted, now, null)],
        InstitutionKey = draft.InstitutionKey,
        SubmittedAt = now,
    };

    private async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
