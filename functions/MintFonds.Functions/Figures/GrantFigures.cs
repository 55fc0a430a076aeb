using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Functions.Ledger;

namespace MintFonds.Functions.Figures;

/// <summary>
/// The figure facts written where the changes happen, each into the change's own transaction: an application filed
/// (intake, Applications partition), money received (the payment's transaction) and a grant approved or released (the
/// decision's ledger transaction, Ledger partition). Keys are unique per change: the application's reference, the
/// payment id, the decision row's write id.
/// </summary>
public static class GrantFigures
{
    public static TableEntity Submitted(Application application) => FigureEvents.Entity(
        application.FundId,
        "submitted-" + application.Reference,
        new FigureEvent(
            FigureKind.ApplicationSubmitted, application.FundId, application.SubmittedAt, application.Reference, 0,
            application.Project.EducationStages, application.Project.MintFields, application.Institution.District, application.InstitutionKey));

    /// <summary>Money of a payment, counted in the quarter of its value date (noon UTC is the same date in Germany).</summary>
    public static TableEntity Received(string fundId, string paymentId, DateOnly valueDate, Euro amount) => FigureEvents.Entity(
        fundId,
        "money-" + paymentId,
        new FigureEvent(FigureKind.MoneyReceived, fundId, new DateTimeOffset(valueDate.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), paymentId, amount.Cents));

    /// <summary>
    /// The facts of one ledger transaction on a grant: an approval that draws money (the amount drawn), or a release of
    /// an approved grant (renounced, revoked, withdrawn: the amount given back). A repayment also gives money back,
    /// but it is the payout capability's RepaymentReceived fact, not a smaller grant.
    /// </summary>
    public static IEnumerable<TableEntity> Facts(
        GrantDecision next, IReadOnlyList<(Allocation Draw, MoneyIn Money, ETag OpenETag)> draws, IReadOnlyList<Allocation> releases, string writeId)
    {
        if (next.State == DecisionState.Approved && draws.Count > 0)
        {
            var amount = draws.Aggregate(0L, (sum, d) => sum + d.Draw.Amount.Cents);
            yield return FigureEvents.Entity(next.FundId, "grant-" + writeId, new FigureEvent(
                FigureKind.GrantApproved, next.FundId, next.DecidedAt ?? next.UpdatedAt, next.Reference, amount, InstitutionKey: next.InstitutionKey));
        }
        else if (next.State == DecisionState.Released && releases.Count > 0)
        {
            var amount = releases.Aggregate(0L, (sum, r) => sum + r.Amount.Cents);
            yield return FigureEvents.Entity(next.FundId, "grant-" + writeId, new FigureEvent(
                FigureKind.GrantReleased, next.FundId, next.UpdatedAt, next.Reference, amount, InstitutionKey: next.InstitutionKey));
        }
    }
}
