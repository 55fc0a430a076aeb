using System.Text.Json;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Json;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Decisions;

/// <summary>
/// The applicant's answer to a request for changes, sent through the status link (token in <c>X-Status-Token</c>; a
/// wrong token answers exactly like an unknown reference). The whole application is sent again and checked with its
/// call's rules as they stand, judged on the day it was first submitted (so a call that closed meanwhile or a lead
/// time that has passed for an unchanged start date does not refuse it), and a changed start date against today's
/// lead time. The institution cannot change (its yearly place stays where it was taken). One transaction: the new
/// version of the application row, and the previous version kept as <c>ver-{reference}-{n}</c>.
/// </summary>
public sealed class ResubmissionService(ApplicationStore applications, FundTable funds, CallTable calls, AuditLog audit, TimeProvider time)
{
    private const int MaxAttempts = 20;

    public static string VersionKey(string reference, int number) => $"ver-{reference}-{number:D3}";

    public async Task<Application> ResubmitAsync(string fundId, string reference, string? token, ApplicationInput input, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (application, etag) = await FindByTokenAsync(fundId, reference, token, cancellationToken);
            var transition = ApplicationStore.Require(application, WorkflowAction.Resubmit);
            var fund = (await funds.GetAsync(fundId, cancellationToken))!.Value;
            var call = (await calls.GetAsync(fundId, application.CallId, cancellationToken))?.Value
                ?? throw new ProblemException(Problems.NotFound("Die Förderrunde dieses Antrags gibt es nicht mehr."));
            var now = time.GetUtcNow();
            var submittedOn = DateOnly.FromDateTime(BerlinTime.ToLocal(application.SubmittedAt).DateTime);
            var draft = ApplicationValidator.Validate(input, fund, call, submittedOn, now);
            var errors = draft.Errors.ToList();
            if (draft.Value is { } d && d.Project.StartDate != application.Project.StartDate)
            {
                errors.AddRange(ApplicationValidator.Validate(input, fund, call, BerlinTime.Today(time), now).Errors.Where(e => e.Field.StartsWith("project.startDate", StringComparison.Ordinal)));
            }

            if (draft.Value is { } changed && changed.InstitutionKey != application.InstitutionKey)
            {
                errors.Add(new FieldError("institution.name", "Die Einrichtung eines Antrags kann nicht geändert werden; bitte einen neuen Antrag stellen."));
            }

            if (errors.Count > 0)
            {
                throw new ProblemException(Problems.Validation(errors));
            }

            var v = draft.Value!;
            var after = applications.Advance(application, transition, "überarbeitet eingereicht") with
            {
                Institution = v.Institution,
                Contact = v.Contact,
                Project = v.Project,
                Budget = v.Budget,
                BankAccount = v.BankAccount,
                Consents = v.Consents,
                Version = application.Version + 1,
            };
            var previous = new TableEntity(fundId, VersionKey(reference, application.Version))
            {
                ["Json"] = JsonSerializer.Serialize(application with { StatusTokenHash = null }, MintFondsJson.Storage),
                ["ReplacedAt"] = now,
            };
            if (await applications.TryCommitAsync(fund, after, etag, transition, null, [previous], cancellationToken))
            {
                await audit.WriteAsync(
                    new AuditEntry
                    {
                        Subject = fundId, Action = "application.resubmit", Outcome = AuditOutcome.Done, PrincipalId = "applicant",
                        Target = $"application/{reference}", FromState = transition.From.ToString(), ToState = transition.To.ToString(),
                    },
                    cancellationToken);
                return after;
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    /// <summary>The same check as the status page: by the token's hash first, then a constant-time comparison on the row.</summary>
    private async Task<(Application, Azure.ETag)> FindByTokenAsync(string fundId, string reference, string? token, CancellationToken cancellationToken)
    {
        if (Slug.IsValid(fundId) && ApplicationReference.IsWellFormed(reference) && token is { Length: > 0 and <= 100 })
        {
            var lookup = await applications.Table.GetEntityIfExistsAsync<TableEntity>(fundId, ApplicationRows.TokenLookupKey(StatusToken.Hash(token)), cancellationToken: cancellationToken);
            if (lookup.HasValue && lookup.Value!.GetString("Reference") == reference
                && await applications.FindAsync(fundId, reference, cancellationToken) is { } found
                && StatusToken.Matches(token, found.Application.StatusTokenHash))
            {
                return found;
            }
        }

        throw new ProblemException(Problems.NotFound("Kein Antrag zu diesem Link. Bitte den vollständigen Link aus der E-Mail verwenden."));
    }
}
