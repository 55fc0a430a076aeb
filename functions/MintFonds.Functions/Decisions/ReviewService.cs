using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Decisions;

public sealed record TransitionInput
{
    public string? Note { get; init; }
}

public sealed record AssessmentInput
{
    public IReadOnlyList<ScoreInput>? Scores { get; init; }

    public string? Comment { get; init; }

    public Recommendation? Recommendation { get; init; }
}

public sealed record ScoreInput
{
    public string? Criterion { get; init; }

    public int? Score { get; init; }

    public string? Comment { get; init; }
}

public sealed record BoardSubmissionInput
{
    public Euro? GrantedAmount { get; init; }

    public string? Conditions { get; init; }

    public DateOnly? ProofOfUseDueOn { get; init; }

    public string? Note { get; init; }
}

/// <summary>
/// The office's steps on an application: start the review, ask for changes, assess, and hand it to the board with
/// proposed terms. Each is one Applications-partition transaction (<see cref="ApplicationStore"/>): the application
/// row under its ETag plus the applicant's e-mail as an outbox row; a concurrent change makes it read again, and an
/// illegal step is 409 naming the current state and the allowed ones. No money is involved before the board decides.
/// </summary>
public sealed class ReviewService(ApplicationStore applications, FundTable funds, AuditLog audit, TimeProvider time)
{
    private const int MaxAttempts = 20;

    public Task<Application> StartReviewAsync(string fundId, string reference, AdminPrincipal by, CancellationToken cancellationToken) =>
        MoveAsync(fundId, reference, by, WorkflowAction.StartReview, null, a => a, cancellationToken);

    public Task<Application> RequestChangesAsync(string fundId, string reference, AdminPrincipal by, TransitionInput input, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var note = check.Text("note", input.Note, 4000, multiLine: true);
        return check.HasErrors
            ? throw new ProblemException(Problems.Validation(check.Errors))
            : MoveAsync(fundId, reference, by, WorkflowAction.RequestChanges, note, a => a, cancellationToken);
    }

    /// <summary>Scores every criterion of the fund (1–5) while the application is in review; an assessor's newer assessment replaces their older one.</summary>
    public async Task<Application> AssessAsync(string fundId, string reference, AdminPrincipal by, AssessmentInput input, CancellationToken cancellationToken)
    {
        var fund = await FundAsync(fundId, cancellationToken);
        var criteria = DecisionSettings.Of(fund).Criteria;
        var check = new InputChecker();
        var scores = new List<CriterionScore>();
        foreach (var criterion in criteria)
        {
            var given = input.Scores?.Where(s => s.Criterion == criterion).ToList() ?? [];
            var path = $"scores[{criterion}]";
            if (given.Count != 1 || given[0].Score is not (>= DecisionSettings.MinScore and <= DecisionSettings.MaxScore))
            {
                check.Add(path, $"Genau eine Bewertung von {DecisionSettings.MinScore} bis {DecisionSettings.MaxScore} für „{criterion}“ angeben.");
                continue;
            }

            scores.Add(new CriterionScore(criterion, given[0].Score!.Value, check.Text(path + ".comment", given[0].Comment, 2000, required: false, multiLine: true)));
        }

        foreach (var unknown in input.Scores?.Where(s => !criteria.Contains(s.Criterion ?? string.Empty)) ?? [])
        {
            check.Add("scores", $"„{unknown.Criterion}“ ist kein Kriterium dieses Fonds.");
        }

        var comment = check.Text("comment", input.Comment, 4000, required: false, multiLine: true);
        if (input.Recommendation is null)
        {
            check.Add("recommendation", "approve oder reject angeben.");
        }

        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (application, etag) = await applications.GetAsync(fundId, reference, cancellationToken);
            if (application.Status != ApplicationStatus.InReview)
            {
                throw new ProblemException(Problems.Conflict($"Bewertet wird ein Antrag im Stand „In Prüfung“; dieser ist „{ApplicantViews.Label(application.Status)}“."));
            }

            var assessment = new Assessment(by.ObjectId, scores, comment, input.Recommendation!.Value, time.GetUtcNow());
            var after = application with { Assessments = [.. application.Assessments.Where(a => a.AssessorId != by.ObjectId), assessment] };
            if (await applications.TryCommitAsync(fund, after, etag, null, null, null, cancellationToken))
            {
                await AuditAsync(fundId, "application.assess", by, reference, null, null, input.Recommendation.ToString(), cancellationToken);
                return after;
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    public async Task<Application> SubmitToBoardAsync(string fundId, string reference, AdminPrincipal by, BoardSubmissionInput input, CancellationToken cancellationToken)
    {
        var check = new InputChecker();
        var conditions = check.Text("conditions", input.Conditions, 4000, required: false, multiLine: true);
        var note = check.Text("note", input.Note, 4000, required: false, multiLine: true);
        if (input.ProofOfUseDueOn is not { } due || due <= BerlinTime.Today(time))
        {
            check.Add("proofOfUseDueOn", "Ein Datum in der Zukunft angeben.");
        }

        if (input.GrantedAmount is not { } granted || granted <= Euro.Zero)
        {
            check.Add("grantedAmount", "Einen Betrag über 0 € angeben.");
        }

        if (check.HasErrors)
        {
            throw new ProblemException(Problems.Validation(check.Errors));
        }

        return await MoveAsync(fundId, reference, by, WorkflowAction.SubmitToBoard, note, application =>
        {
            if (input.GrantedAmount!.Value > application.Budget.RequestedAmount)
            {
                throw new ProblemException(Problems.Validation([new FieldError("grantedAmount", $"Höchstens der beantragte Betrag ({application.Budget.RequestedAmount.ToGermanString()}).")]));
            }

            var last = (application.Assessments.Count > 0 ? application.Assessments[^1] : null)
                ?? throw new ProblemException(Problems.Conflict("Vor der Vorlage beim Vergabegremium muss der Antrag bewertet sein."));
            return application with
            {
                BoardSubmission = new BoardSubmission(
                    by.ObjectId, new GrantTerms(input.GrantedAmount.Value, conditions, input.ProofOfUseDueOn!.Value), last.Recommendation, time.GetUtcNow()),
            };
        }, cancellationToken);
    }

    private async Task<Application> MoveAsync(
        string fundId, string reference, AdminPrincipal by, WorkflowAction action, string? note, Func<Application, Application> complete, CancellationToken cancellationToken)
    {
        var fund = await FundAsync(fundId, cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (application, etag) = await applications.GetAsync(fundId, reference, cancellationToken);
            var transition = ApplicationStore.Require(application, action);
            var after = complete(applications.Advance(application, transition, note));
            var message = WorkflowMessages.For(fund, after, action, note, null);
            if (await applications.TryCommitAsync(fund, after, etag, transition, message, null, cancellationToken))
            {
                await AuditAsync(fundId, "application." + JsonName(action), by, reference, transition.From.ToString(), transition.To.ToString(), note, cancellationToken);
                return after;
            }
        }

        throw new ProblemException(Problems.Busy());
    }

    private async Task<Fund> FundAsync(string fundId, CancellationToken cancellationToken) =>
        (await funds.GetAsync(fundId, cancellationToken))?.Value ?? throw new ProblemException(Problems.NotFound($"Es gibt keinen Fonds '{fundId}'."));

    public static string JsonName(WorkflowAction action) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(action.ToString());

    private Task AuditAsync(string fundId, string action, AdminPrincipal by, string reference, string? from, string? to, string? note, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = fundId, Action = action, Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                Target = $"application/{reference}", FromState = from, ToState = to, Reason = DecisionSync.Trim(note),
            },
            cancellationToken);
}
