using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Core.Pledges;
using MintFonds.Core.Workflow;

namespace MintFonds.Core.Tests.Workflow;

public sealed class WorkflowAndPlannerTests
{
    public static TheoryData<ApplicationStatus, WorkflowAction> EveryPair()
    {
        var data = new TheoryData<ApplicationStatus, WorkflowAction>();
        foreach (var state in Enum.GetValues<ApplicationStatus>())
        {
            foreach (var action in Enum.GetValues<WorkflowAction>())
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_state_and_action_is_either_one_transition_or_none(ApplicationStatus state, WorkflowAction action)
    {
        var matches = ApplicationWorkflow.Transitions.Where(t => t.From == state && t.Action == action).ToList();
        Assert.True(matches.Count <= 1);
        Assert.Equal(matches.Count == 1, ApplicationWorkflow.AllowedFrom(state).Contains(action));
        Assert.Equal(matches.SingleOrDefault(), ApplicationWorkflow.Find(state, action));
    }

    [Fact]
    public void Withdrawal_by_the_applicant_is_possible_only_before_a_decision_and_final_states_have_no_way_out()
    {
        Assert.Equal(
            [ApplicationStatus.Submitted, ApplicationStatus.InReview, ApplicationStatus.ChangesRequested, ApplicationStatus.ReadyForBoard],
            Enum.GetValues<ApplicationStatus>().Where(ApplicationWorkflow.ApplicantCanWithdraw));
        Assert.True(ApplicationWorkflow.IsFinal(ApplicationStatus.Rejected));
        Assert.True(ApplicationWorkflow.IsFinal(ApplicationStatus.Withdrawn));
        Assert.All(ApplicationWorkflow.Transitions.Where(t => t.From == ApplicationStatus.Approved), t => Assert.True(ApplicationWorkflow.ReleasesMoney(t)));
    }

    [Fact]
    public void Two_of_three_decide_either_way()
    {
        var at = DateTimeOffset.UnixEpoch;
        Assert.Null(BoardTally.Outcome([new("a", VoteChoice.Approve, null, at), new("b", VoteChoice.Reject, null, at)], 2));
        Assert.Equal(VoteChoice.Approve, BoardTally.Outcome([new("a", VoteChoice.Approve, null, at), new("b", VoteChoice.Reject, null, at), new("c", VoteChoice.Approve, null, at)], 2));
        Assert.Equal(VoteChoice.Reject, BoardTally.Outcome([new("a", VoteChoice.Reject, null, at), new("b", VoteChoice.Reject, null, at)], 2));
        Assert.Equal(VoteChoice.Approve, BoardTally.Outcome([new("a", VoteChoice.Approve, null, at)], 1));
    }

    [Fact]
    public void The_planner_takes_fitting_money_oldest_first_and_splits_the_last_payment_to_the_cent()
    {
        var application = Application();
        var open = new[]
        {
            Money("p3", new DateOnly(2026, 3, 1), 100.01m),
            Money("p1", new DateOnly(2026, 1, 1), 50.50m, new Earmark([EducationStage.Kita], [], [])),
            Money("p2", new DateOnly(2026, 2, 1), 80.00m, new Earmark([EducationStage.Primarstufe], [], [])),
            Money("p0", new DateOnly(2025, 12, 1), 999m, new Earmark([], [], ["Mainz"])),
        };

        var plan = Assert.IsType<AllocationPlan.Funded>(AllocationPlanner.Plan(open, application, Euro.FromDecimal(150m), 48));

        Assert.Equal([("p2", 80.00m), ("p3", 70.00m)], plan.Draws.Select(d => (d.PaymentId, d.Amount.ToDecimal())));
        var insufficient = Assert.IsType<AllocationPlan.Insufficient>(AllocationPlanner.Plan(open, application, Euro.FromDecimal(180.02m), 48));
        Assert.Equal(Euro.FromDecimal(180.01m), insufficient.Fitting);
        Assert.Equal(4, insufficient.Available.Count); // frei, Kita, Primarstufe, Mainz
        Assert.Equal(2, insufficient.Available.Count(a => a.FitsApplication));
    }

    [Fact]
    public void Many_small_remainders_are_skipped_for_larger_ones_and_refused_only_when_even_those_are_too_many()
    {
        var application = Application();
        var crumbs = Enumerable.Range(0, 60).Select(i => Money($"c{i:D2}", new DateOnly(2026, 1, 1).AddDays(i), 1m)).ToList();
        var fewest = Assert.IsType<AllocationPlan.Funded>(AllocationPlanner.Plan([.. crumbs, Money("big", new DateOnly(2026, 12, 1), 100m)], application, Euro.FromDecimal(100m), 48));
        Assert.Equal(["big"], fewest.Draws.Select(d => d.PaymentId));
        Assert.IsType<AllocationPlan.TooFragmented>(AllocationPlanner.Plan(crumbs, application, Euro.FromDecimal(55m), 48));
    }

    [Fact]
    public void A_release_gives_back_the_newest_money_first()
    {
        IReadOnlyList<Allocation> held = [new("old", "s", new DateOnly(2026, 1, 1), Euro.FromDecimal(200m)), new("new", "s", new DateOnly(2026, 2, 1), Euro.FromDecimal(100m))];
        Assert.Equal([("new", 100m), ("old", 20m)], AllocationPlanner.Release(held, Euro.FromDecimal(120m)).Select(a => (a.PaymentId, a.Amount.ToDecimal())));
        Assert.Throws<ArgumentOutOfRangeException>(() => AllocationPlanner.Release(held, Euro.FromDecimal(300.01m)));
    }

    private static MoneyIn Money(string id, DateOnly valueDate, decimal amount, Earmark? earmark = null) =>
        new(id, "sponsor", PledgeKind.Donation, earmark ?? Earmark.None, valueDate, Euro.FromDecimal(amount), Euro.FromDecimal(amount));

    private static Application Application() => new()
    {
        FundId = "f",
        CallId = "c",
        Reference = "MRF-2026-0001",
        Institution = new Institution("Grundschule", InstitutionType.Grundschule, "Weg 1", "55411", "Bingen", "Landkreis Mainz-Bingen"),
        Contact = new ContactPerson("A", "B", "a@example.org", null),
        Project = new Project("P", "S", [MintField.Technik], [EducationStage.Primarstufe], 10, new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1)),
        Budget = new Budget([], Euro.FromDecimal(100m), Euro.FromDecimal(100m), Euro.Zero),
        BankAccount = new ApplicantBankAccount("A", "DE02120300000000202051", null),
        Consents = new Consents("1", DateTimeOffset.UnixEpoch, "webform", true),
        Status = ApplicationStatus.ReadyForBoard,
        Timeline = [],
        InstitutionKey = "55411-grundschule",
        SubmittedAt = DateTimeOffset.UnixEpoch,
    };
}
