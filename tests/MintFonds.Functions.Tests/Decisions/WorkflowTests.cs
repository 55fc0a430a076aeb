using System.Text.Json;
using MintFonds.Core.Applications;
using MintFonds.Core.Workflow;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;

namespace MintFonds.Functions.Tests.Decisions;

[Collection(AppCollection.Name)]
public sealed class WorkflowTests(SharedFixture shared)
{
    private static readonly ApplicationStatus[] States =
    [
        ApplicationStatus.Submitted, ApplicationStatus.InReview, ApplicationStatus.ChangesRequested, ApplicationStatus.ReadyForBoard,
        ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn,
    ];

    private static readonly WorkflowAction[] AdminActions =
        [.. ApplicationWorkflow.Transitions.Where(t => t.Actor != WorkflowActor.Applicant).Select(t => t.Action).Distinct()];

    [Fact]
    public async Task Every_office_and_board_step_of_the_transition_table_is_allowed_exactly_where_the_table_says()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        await PayAsync(app, fundId, await PledgeAsync(app, fundId), 10_000m);
        var (_, board) = await BoardMemberAsync(app, fundId);
        // Forbidden steps are tried by people who did not take the step before: a repeated step of the same person is answered as done.
        var (_, other) = await BoardMemberAsync(app, fundId);
        var officeId = TestData.NewPrincipalId();
        Assert.True((await Access.AdminAccessTests.Grant(app, fundId, officeId, "office")).Status is 200 or 201);
        var office = app.TokenFor(officeId);
        var institution = 0;

        foreach (var state in States)
        {
            // Forbidden steps change nothing, so one application per state serves them all.
            var probe = await InStateAsync(app, fundId, state, board, $"Grundschule Nr {++institution}");
            foreach (var action in AdminActions.Where(a => ApplicationWorkflow.Find(state, a) is null))
            {
                var refused = await DoAsync(app, fundId, probe, action, other, office);
                Assert.True(refused.Status == 409, $"{state} --{action}--> {refused}");
                Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(state.ToString()), refused.Json.GetProperty("currentState").GetString());
                Assert.Equal(
                    ApplicationWorkflow.AllowedFrom(state).Select(a => JsonNamingPolicy.CamelCase.ConvertName(a.ToString())),
                    refused.Json.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
                Assert.Equal(state.ToString(), await StatusAsync(app, fundId, probe));
            }

            foreach (var transition in ApplicationWorkflow.Transitions.Where(t => t.From == state && t.Actor != WorkflowActor.Applicant))
            {
                var reference = await InStateAsync(app, fundId, state, board, $"Grundschule Nr {++institution}");
                var done = await DoAsync(app, fundId, reference, transition.Action, board);
                Assert.True(done.Status == 200, $"{state} --{transition.Action}--> {done}");
                Assert.Equal(transition.To.ToString(), await StatusAsync(app, fundId, reference));
                var entries = await app.Get<AuditLog>().ListAsync(fundId, 200, CancellationToken.None);
                Assert.Contains(entries, e => e.Target == $"application/{reference}" && e.FromState == transition.From.ToString() && e.ToState == transition.To.ToString());
            }
        }
    }

    [Fact]
    public async Task The_applicant_withdraws_before_a_decision_only_and_the_place_in_the_cap_is_freed()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var (_, board) = await BoardMemberAsync(app, fundId);
        var ready = await ReadyForBoardAsync(app, fundId);
        var token = await ApplicationTestKit.TokenFromEmailAsync(app, fundId, ready);

        var withdrawn = await ApplicationTestKit.WithdrawAsync(app, fundId, ready, token);
        Assert.Equal(200, withdrawn.Status);
        Assert.Equal("Withdrawn", await StatusAsync(app, fundId, ready));

        // Rejected: final for the applicant too.
        var rejected = await ReadyForBoardAsync(app, fundId, "Kita Sonnenschein");
        Assert.Equal(200, (await VoteAsync(app, fundId, rejected, board, "reject", "Keine MINT-Inhalte.")).Status);
        var rejectedToken = await ApplicationTestKit.TokenFromEmailAsync(app, fundId, rejected);
        Assert.Equal(409, (await ApplicationTestKit.WithdrawAsync(app, fundId, rejected, rejectedToken)).Status);

        // Cap 3 per institution and year: withdrawn and rejected ones hold no place, so three more are accepted.
        foreach (var i in Enumerable.Range(0, 3))
        {
            await SubmitAsync(app, fundId, adjust: a => TestData.Set(a, "project.title", $"Projekt {i}"));
        }

        var fourth = await ApplicationTestKit.SubmitAsync(app, fundId, TestData.Set(TestData.Application(ApplicationTestKit.Start), "project.title", "Projekt 4"));
        Assert.Equal(422, fourth.Status);
        await SubmitAsync(app, fundId, "Kita Sonnenschein", a => TestData.Set(a, "project.title", "Projekt K"));
    }

    [Fact]
    public async Task A_resubmission_through_the_status_link_is_checked_again_and_keeps_the_previous_version()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var reference = await SubmitAsync(app, fundId);
        await ActAsync(app, fundId, reference, "start-review");
        var asked = await ActAsync(app, fundId, reference, "request-changes", new Dictionary<string, object?> { ["note"] = "Bitte Material aufschlüsseln." });
        Assert.Equal(200, asked.Status);
        await ApplicationTestKit.SendConfirmationsAsync(app, fundId);
        string? token = null;
        foreach (var candidate in await ApplicationTestKit.TokensInOutboxAsync(app, fundId, reference))
        {
            // The e-mail asking for changes carries a new link; the first one no longer opens anything.
            token = (await ApplicationTestKit.StatusAsync(app, fundId, reference, candidate)).Status == 200 ? candidate : token;
        }

        Assert.NotNull(token);

        var tooMuch = TestData.Set(TestData.Application(ApplicationTestKit.Start), "budget.requestedAmount", 600m);
        var refused = await ResubmitAsync(app, fundId, reference, token, tooMuch);
        Assert.Equal(422, refused.Status);
        Assert.Equal("ChangesRequested", await StatusAsync(app, fundId, reference));

        var changed = TestData.Application(ApplicationTestKit.Start);
        TestData.Set(changed, "project.title", "Forscherkiste „Wasser, Strom & Licht“");
        var resubmitted = await ResubmitAsync(app, fundId, reference, token, changed);
        Assert.True(resubmitted.Status == 200, resubmitted.ToString());
        Assert.Equal("inReview", resubmitted.Json.GetProperty("status").GetString());

        var rows = await ApplicationTestKit.RowsAsync(app, fundId);
        var kept = Assert.Single(rows, r => r.RowKey == ResubmissionService.VersionKey(reference, 1));
        Assert.Contains("\"version\":1", kept.GetString("Json"), StringComparison.Ordinal);
        Assert.Contains("Forscherkiste „Wasser \\u0026 Strom“", kept.GetString("Json"), StringComparison.Ordinal);
        var (now, _) = await app.Get<ApplicationStore>().GetAsync(fundId, reference, CancellationToken.None);
        Assert.Equal(2, now.Version);
        Assert.Equal("Forscherkiste „Wasser, Strom & Licht“", now.Project.Title);

        Assert.Equal(404, (await ResubmitAsync(app, fundId, reference, "falsch", changed)).Status);
    }

    private static Task<TestResponse> ResubmitAsync(TestApp app, string fundId, string reference, string? token, object body) =>
        app.CallAsync<ResubmissionFunctions>(
            "POST", $"/api/funds/{fundId}/applications/{reference}/resubmit", (f, r) => f.ResubmitApplication(r, fundId, reference, CancellationToken.None), body,
            headers: new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = token! });

    /// <summary>An application brought to <paramref name="state"/> through the function classes.</summary>
    private static async Task<string> InStateAsync(TestApp app, string fundId, ApplicationStatus state, string board, string institution)
    {
        var reference = await SubmitAsync(app, fundId, institution);
        if (state == ApplicationStatus.Submitted)
        {
            return reference;
        }

        Assert.Equal(200, (await ActAsync(app, fundId, reference, "start-review")).Status);
        Assert.Equal(200, (await ActAsync(app, fundId, reference, "assessments", Assessment())).Status);
        if (state == ApplicationStatus.InReview)
        {
            return reference;
        }

        if (state == ApplicationStatus.ChangesRequested)
        {
            Assert.Equal(200, (await ActAsync(app, fundId, reference, "request-changes", new Dictionary<string, object?> { ["note"] = "Bitte ergänzen." })).Status);
            return reference;
        }

        Assert.Equal(200, (await ActAsync(app, fundId, reference, "submit-to-board", Terms())).Status);
        if (state == ApplicationStatus.ReadyForBoard)
        {
            return reference;
        }

        Assert.Equal(200, (await VoteAsync(app, fundId, reference, board, state == ApplicationStatus.Rejected ? "reject" : "approve", "Begründung.")).Status);
        if (state == ApplicationStatus.Withdrawn)
        {
            Assert.Equal(200, (await ActAsync(app, fundId, reference, "renounce", new Dictionary<string, object?> { ["reason"] = "Projekt fällt aus." })).Status);
        }

        Assert.Equal(state.ToString(), await StatusAsync(app, fundId, reference));
        return reference;
    }

    private static Task<TestResponse> DoAsync(TestApp app, string fundId, string reference, WorkflowAction action, string board, string? office = null) => action switch
    {
        WorkflowAction.StartReview => ActAsync(app, fundId, reference, "start-review", token: office),
        WorkflowAction.RequestChanges => ActAsync(app, fundId, reference, "request-changes", new Dictionary<string, object?> { ["note"] = "Bitte ergänzen." }, office),
        WorkflowAction.SubmitToBoard => ActAsync(app, fundId, reference, "submit-to-board", Terms(), office),
        WorkflowAction.Approve => VoteAsync(app, fundId, reference, board, "approve"),
        WorkflowAction.Reject => VoteAsync(app, fundId, reference, board, "reject", "Nicht förderfähig."),
        WorkflowAction.Renounce => ActAsync(app, fundId, reference, "renounce", new Dictionary<string, object?> { ["reason"] = "Verzicht." }, office),
        WorkflowAction.Revoke => ActAsync(app, fundId, reference, "revoke", new Dictionary<string, object?> { ["reason"] = "Auflagen nicht erfüllt." }, board),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
