using Azure.Data.Tables;
using MintFonds.Core.Reports;

namespace MintFonds.Functions.Reports;

/// <summary>
/// Index rows that let the report run and the transparency page find sponsors without reading every pledge or payment.
/// Each is written in the transaction of the pledge or payment it stands for, so none is missing:
/// <list type="bullet">
/// <item><c>active-{yyyy}-Q{n}-{sponsorId}</c>, the sponsors to report to for a quarter: in the fund's Pledges
/// partition one row for every quarter a pledge runs (from the quarter it is made to the quarter of its last instalment),
/// in its Ledger partition one for the quarter of each matched payment. Upserted, one row per sponsor and quarter, so the
/// run for a quarter reads one range holding exactly the sponsors active in it, whatever the fund's history.</item>
/// <item><c>pledgeof-{sponsorId}-{pledgeReference}</c> in the Pledges partition: a sponsor's pledges (the report shows
/// what is left of an earmarked pledge, and the newest pledge's language) in one range of the sponsor's own rows.</item>
/// <item><c>pubname-{sponsorId}-{pledgeReference}</c> in the Pledges partition: the sponsor consented with this pledge
/// to be named. It holds no name; the transparency page checks the pledge's consent (a withdrawal clears it) and reads the
/// name from the sponsor row, so a withdrawal or an erasure takes effect at once and nothing is copied.</item>
/// </list>
/// </summary>
public static class SponsorIndex
{
    public const string ActivePrefix = "active-";
    public const string PledgeOfPrefix = "pledgeof-";
    public const string NamedPrefix = "pubname-";

    /// <summary>At most this many quarters are indexed for one pledge (10 yearly instalments and a start date ahead).</summary>
    public const int MaxQuartersPerPledge = 48;

    public static string ActiveRange(ReportQuarter quarter) => $"{ActivePrefix}{quarter.Label}-";

    public static TableEntity Active(string fundId, ReportQuarter quarter, string sponsorId) =>
        new(fundId, ActiveRange(quarter) + sponsorId) { ["SponsorId"] = sponsorId };

    /// <summary>The rows of a pledge made at <paramref name="madeOn"/> whose last instalment is due on <paramref name="lastDueOn"/>.</summary>
    public static IEnumerable<TableEntity> ActiveWhileRunning(string fundId, string sponsorId, DateOnly madeOn, DateOnly lastDueOn)
    {
        var quarter = ReportQuarter.Containing(madeOn);
        var last = ReportQuarter.Containing(lastDueOn < madeOn ? madeOn : lastDueOn);
        for (var i = 0; i < MaxQuartersPerPledge && quarter <= last; i++)
        {
            yield return Active(fundId, quarter, sponsorId);
            quarter = quarter.Quarter == 4 ? new ReportQuarter(quarter.Year + 1, 1) : new ReportQuarter(quarter.Year, quarter.Quarter + 1);
        }
    }

    public static string PledgeOfRange(string sponsorId) => $"{PledgeOfPrefix}{sponsorId}-";

    public static TableEntity PledgeOf(string fundId, string sponsorId, string pledgeReference) =>
        new(fundId, PledgeOfRange(sponsorId) + pledgeReference) { ["PledgeReference"] = pledgeReference };

    public static TableEntity Named(string fundId, string sponsorId, string pledgeReference) =>
        new(fundId, $"{NamedPrefix}{sponsorId}-{pledgeReference}") { ["SponsorId"] = sponsorId, ["PledgeReference"] = pledgeReference };
}
