using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Privacy;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

public enum AnonymisationResult
{
    Anonymised,
    AlreadyAnonymised,

    /// <summary>Not (or no longer) to be anonymised here, e.g. a due row for an application that was decided otherwise.</summary>
    NotEligible,
    NotFound,
}

/// <summary>
/// Replaces the personal data of an application and keeps the anonymous figures for statistics: institution type,
/// district, education stages, MINT fields, participants, dates, amounts, status and timeline. Replaced: the contact
/// (name, role, e-mail, phone), the bank account (holder, IBAN, BIC), the institution's name and address, the project's
/// title and summary and the budget lines' wording (free text can name people), the institution key and the status token.
/// Consistency: ONE transaction in the fund's partition replaces the application (ETag-guarded), deletes its status
/// token lookup row (<c>tok-…</c>) and its person index row, releases its place in the institution's yearly count if it
/// was still undecided (it becomes withdrawn), and deletes the due row that asked for it. A 412/409/404 re-reads: an
/// application already anonymised at our own time stamp was our write whose answer was lost. Its e-mail copies (local
/// outbox, dead letters) are erased after the commit; a crash before that leaves them indexed for the next erasure.
/// </summary>
public sealed partial class ApplicationAnonymiser(StorageAccount storage, MailArtefacts mails, TimeProvider time, ILogger<ApplicationAnonymiser> logger)
{
    public const string Placeholder = "(anonymisiert)";

    private const int MaxAttempts = 10;

    private readonly TableClient _table = storage.Table(TableNames.Applications);

    /// <param name="fundId">The fund.</param>
    /// <param name="reference">The application.</param>
    /// <param name="eligible">Whether the application as stored now may be anonymised by this caller.</param>
    /// <param name="note">The timeline note when an undecided application is closed by this (erasure on request).</param>
    /// <param name="dueRow">The due row that asked for this, deleted in the same transaction; null for an erasure request.</param>
    /// <param name="eraseMail">Whether to erase the application's e-mail copies here (an erasure request erases all of the person's itself).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<AnonymisationResult> AnonymiseAsync(
        string fundId, string reference, Func<Application, bool> eligible, string note, TableEntity? dueRow, bool eraseMail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string? personKey = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await GetAsync(fundId, ApplicationRows.ApplicationKey(reference), cancellationToken);
            var application = row is null ? null : ApplicationRows.ReadApplication(row);
            if (application is null || application.AnonymisedAt is not null || !eligible(application))
            {
                await DeleteDueRowAsync(dueRow, cancellationToken);
                return application is null ? AnonymisationResult.NotFound
                    : application.AnonymisedAt is null ? AnonymisationResult.NotEligible
                    : application.AnonymisedAt != now ? AnonymisationResult.AlreadyAnonymised
                    : await AfterCommitAsync(fundId, reference, personKey, eraseMail, cancellationToken); // ours: its answer was lost
            }

            personKey = PersonKey.For(application.Contact.Email);
            if (await TryCommitAsync(application, row!.ETag, personKey, note, dueRow, now, cancellationToken))
            {
                return await AfterCommitAsync(fundId, reference, personKey, eraseMail, cancellationToken);
            }

            await Contention.BackOffAsync(attempt, cancellationToken);
        }

        throw new InvalidOperationException($"Application {reference} of fund {fundId} kept changing while it was anonymised.");
    }

    private async Task<AnonymisationResult> AfterCommitAsync(string fundId, string reference, string? personKey, bool eraseMail, CancellationToken cancellationToken)
    {
        LogAnonymised(logger, fundId, reference);
        if (eraseMail && personKey is not null)
        {
            await mails.EraseForRecordAsync(fundId, personKey, reference, cancellationToken);
        }

        return AnonymisationResult.Anonymised;
    }

    public static Application Anonymous(Application application, DateTimeOffset now, string note)
    {
        var closing = ApplicantViews.CanWithdraw(application.Status);
        return application with
        {
            Institution = application.Institution with { Name = Placeholder, Street = Placeholder, PostalCode = string.Empty, City = Placeholder },
            Contact = new ContactPerson(Placeholder, Placeholder, Placeholder, null),
            Project = application.Project with { Title = Placeholder, Summary = Placeholder },
            Budget = application.Budget with { Lines = [.. application.Budget.Lines.Select(l => l with { Description = Placeholder })] },
            BankAccount = new ApplicantBankAccount(Placeholder, Placeholder, null),
            Decision = application.Decision is { } decision ? decision with { Conditions = null } : null,
            InstitutionKey = "anonymisiert",
            StatusTokenHash = null,
            Restriction = null,
            Status = closing ? ApplicationStatus.Withdrawn : application.Status,
            Timeline = closing ? [.. application.Timeline, new StatusChange(ApplicationStatus.Withdrawn, now, note)] : application.Timeline,
            AnonymisedAt = now,
        };
    }

    private async Task<bool> TryCommitAsync(
        Application application, ETag etag, string personKey, string note, TableEntity? dueRow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fundId = application.FundId;
        var batch = new PartitionBatch(fundId).ReplaceIfUnchanged(ApplicationRows.ApplicationEntity(Anonymous(application, now, note), etag));
        if (ApplicantViews.CanWithdraw(application.Status))
        {
            // Closed by the erasure: it no longer counts against the institution's yearly cap (as a withdrawal).
            var capKey = ApplicationRows.CapKey(RetentionPlanner.BerlinYear(application.SubmittedAt), application.InstitutionKey);
            if (await GetAsync(fundId, capKey, cancellationToken) is { } cap)
            {
                batch.SetCounter(capKey, cap, Math.Max(0, PartitionBatch.CounterValue(cap) - 1));
            }
        }

        foreach (var key in new[]
        {
            application.StatusTokenHash is { } hash ? ApplicationRows.TokenLookupKey(hash) : null,
            PersonRows.Key(personKey, application.Reference),
        })
        {
            if (key is not null && await GetAsync(fundId, key, cancellationToken) is { } lookup)
            {
                batch.Delete(lookup);
            }
        }

        if (dueRow is not null)
        {
            batch.Delete(dueRow);
        }

        try
        {
            await batch.SubmitAsync(_table, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    private async Task DeleteDueRowAsync(TableEntity? dueRow, CancellationToken cancellationToken)
    {
        if (dueRow is null)
        {
            return;
        }

        try
        {
            await _table.DeleteEntityAsync(dueRow.PartitionKey, dueRow.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} of fund {FundId} anonymised")]
    private static partial void LogAnonymised(ILogger logger, string fundId, string reference);
}
