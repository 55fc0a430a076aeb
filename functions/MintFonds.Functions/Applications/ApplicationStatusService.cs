using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MintFonds.Core.Applications;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The applicant's side after submitting, authorised by the status token alone. A wrong or missing token answers
/// exactly like an unknown reference (404), so the existence of an application is never revealed.
/// </summary>
public sealed partial class ApplicationStatusService(
    StorageAccount storage,
    FundTable funds,
    CallTable calls,
    OutboxRelay relay,
    RetentionPlanner retention,
    Payouts.ProofOfUseTable proofsOfUse,
    TimeProvider time,
    ILogger<ApplicationStatusService> logger)
{
    private const int MaxAttempts = 20;

    private readonly TableClient _table = storage.Table(TableNames.Applications);

    public async Task<ApplicantView> GetAsync(string fundId, string reference, string? token, CancellationToken cancellationToken)
    {
        var (application, _) = await FindAsync(fundId, reference, token, cancellationToken);
        return await ViewAsync(application, cancellationToken);
    }

    /// <summary>The application a status token opens (for other applicant routes, e.g. the proof of use), or the same 404.</summary>
    public async Task<Application> AuthorizeAsync(string fundId, string reference, string? token, CancellationToken cancellationToken) =>
        (await FindAsync(fundId, reference, token, cancellationToken)).Application;

    /// <summary>Withdraws an undecided application. Repeating it changes nothing; a decided one cannot be withdrawn (409).</summary>
    public async Task<ApplicantView> WithdrawAsync(string fundId, string reference, string? token, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (application, etag) = await FindAsync(fundId, reference, token, cancellationToken);
            if (application.Status == ApplicationStatus.Withdrawn)
            {
                return await ViewAsync(application, cancellationToken);
            }

            if (!ApplicantViews.CanWithdraw(application.Status))
            {
                throw new ProblemException(Problems.Conflict("Über den Antrag wurde bereits entschieden; er kann nicht mehr zurückgezogen werden."));
            }

            var now = time.GetUtcNow();
            var withdrawn = application with
            {
                Status = ApplicationStatus.Withdrawn,
                Timeline = [.. application.Timeline, new StatusChange(ApplicationStatus.Withdrawn, now, "vom Antragsteller zurückgezogen")],
            };
            var outbox = await TryCommitWithdrawalAsync(withdrawn, etag, now, cancellationToken);
            if (outbox is not null)
            {
                LogWithdrawn(logger, fundId, reference);
                await relay.TrySendNowAsync(TableNames.Applications, outbox, cancellationToken);
                return await ViewAsync(withdrawn, cancellationToken);
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    /// <returns>The outbox entries written, or null when someone else changed the rows first.</returns>
    private async Task<IReadOnlyList<TableEntity>?> TryCommitWithdrawalAsync(Application withdrawn, ETag etag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The withdrawn application no longer counts against the institution's yearly cap.
        var capKey = ApplicationRows.CapKey(BerlinYear(withdrawn.SubmittedAt), withdrawn.InstitutionKey);
        var cap = await _table.GetEntityIfExistsAsync<TableEntity>(withdrawn.FundId, capKey, cancellationToken: cancellationToken);
        var batch = new PartitionBatch(withdrawn.FundId).ReplaceIfUnchanged(ApplicationRows.ApplicationEntity(withdrawn, etag));
        // The contact data is anonymised after the fund's period; the timer finds the due row without reading history.
        retention.ScheduleAnonymisation(batch, withdrawn, now);
        if (cap.HasValue)
        {
            batch.SetCounter(capKey, cap.Value, Math.Max(0, PartitionBatch.CounterValue(cap.Value) - 1));
        }

        var outbox = new List<TableEntity>();
        var fund = await funds.GetAsync(withdrawn.FundId, cancellationToken);
        if (fund is not null)
        {
            var message = new NotificationMessage
            {
                MessageKey = $"{NotificationTemplates.ApplicationWithdrawn}:{withdrawn.FundId}:{withdrawn.Reference}",
                Template = NotificationTemplates.ApplicationWithdrawn,
                FundId = withdrawn.FundId,
                To = [new MailRecipient(fund.Value.Contact.Email, fund.Value.Name)],
                Data = JsonSerializer.SerializeToElement(
                    new { fund = new { id = fund.Value.Id, name = fund.Value.Name }, application = new { reference = withdrawn.Reference, projectTitle = withdrawn.Project.Title, withdrawnAt = now } },
                    MintFondsJson.Storage),
            };
            outbox.Add(OutboxEntry.Create(
                withdrawn.FundId, $"{withdrawn.Reference}-withdrawn", QueueNames.Notifications, JsonSerializer.Serialize(message, MintFondsJson.Storage), now));
            batch.Add(outbox[0]);
        }

        try
        {
            await batch.SubmitAsync(_table, cancellationToken);
            return outbox;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// The application behind a reference and its token, or 404. The first read is by the token's hash
    /// (<c>tok-{hash}</c>), so every wrong token misses the same way whether the reference exists or not: the work, and
    /// so the time, does not reveal which references exist. Only a hit reads the application, whose hash column is
    /// compared in constant time (an older link's lookup row opens nothing).
    /// </summary>
    private async Task<(Application Application, ETag ETag)> FindAsync(string fundId, string reference, string? token, CancellationToken cancellationToken)
    {
        if (Slug.IsValid(fundId) && ApplicationReference.IsWellFormed(reference) && token is { Length: > 0 and <= 100 })
        {
            var lookup = await _table.GetEntityIfExistsAsync<TableEntity>(
                fundId, ApplicationRows.TokenLookupKey(StatusToken.Hash(token)), cancellationToken: cancellationToken);
            if (lookup.HasValue && lookup.Value!.GetString("Reference") == reference)
            {
                var row = await _table.GetEntityIfExistsAsync<TableEntity>(fundId, ApplicationRows.ApplicationKey(reference), cancellationToken: cancellationToken);
                if (row.HasValue && StatusToken.Matches(token, row.Value!.GetString(ApplicationRows.StatusTokenHashColumn)))
                {
                    return (ApplicationRows.ReadApplication(row.Value!), row.Value!.ETag);
                }
            }
        }

        throw new ProblemException(Problems.NotFound("Kein Antrag zu diesem Link. Bitte den vollständigen Link aus der E-Mail verwenden."));
    }

    private async Task<ApplicantView> ViewAsync(Application application, CancellationToken cancellationToken)
    {
        var fund = await funds.GetAsync(application.FundId, cancellationToken);
        var call = await calls.GetAsync(application.FundId, application.CallId, cancellationToken);
        var view = ApplicantViews.For(application, fund?.Value.Name ?? application.FundId, call?.Value.Title ?? application.CallId);
        if (application.Status != ApplicationStatus.Approved)
        {
            return view;
        }

        // An approved grant: when the proof of use is due, and whether it was sent, accepted or more was asked for.
        var use = await proofsOfUse.GetAsync(application.FundId, Payouts.PayoutRows.UseKey(application.Reference), cancellationToken);
        return view with { ProofOfUse = use is null ? ProofOfUseView.Due(application.Reference, application.Decision?.ProofOfUseDueOn) : Payouts.ProofOfUseViews.Of(use.Value) };
    }

    private static int BerlinYear(DateTimeOffset instant) => Core.Time.BerlinTime.ToLocal(instant).Year;

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} of fund {FundId} withdrawn by the applicant")]
    private static partial void LogWithdrawn(ILogger logger, string fundId, string reference);
}
