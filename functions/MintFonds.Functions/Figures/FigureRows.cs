using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Core.Reports;

namespace MintFonds.Functions.Figures;

/// <summary>
/// The rows the figures capability keeps in the partitions whose changes it counts (the fund's Applications partition
/// and its Ledger partition), next to the <c>figpending-</c> facts it folds:
/// <list type="bullet">
/// <item><c>figagg-{yyyy}-Q{n}</c>, <c>figagg-{yyyy}</c>, <c>figagg-all</c>: the figures of a quarter, a year and all
/// time (<see cref="FigureCounters"/>). Every fact adds to exactly these three rows, so a report reads the quarter's
/// and the year's figures with two point reads per partition, whatever the history.</item>
/// <item><c>figinst-{period}-{institution hash}</c>: the institution was reached (first approval) in that period; counts
/// institutions once per quarter, year and in total.</item>
/// <item><c>figgrant-{reference}</c>: education stages, MINT fields and district of an approved grant, taken from the
/// application when its approval is folded, so later facts about the grant (payouts, repayments, proof of use) are
/// broken down the same way without reading the application again.</item>
/// <item><c>figpub-{reference}</c>: an approved grant whose applicant consented to publication when it was approved
/// (the transparency page checks the consent again on the application, so a withdrawal takes effect at once).</item>
/// </list>
/// </summary>
public static class FigureRows
{
    public const string AggregatePrefix = "figagg-";
    public const string InstitutionPrefix = "figinst-";
    public const string GrantPrefix = "figgrant-";
    public const string PublishedPrefix = "figpub-";
    public const string AllTime = "all";

    public static string Aggregate(string period) => AggregatePrefix + period;

    public static string QuarterPeriod(ReportQuarter quarter) => quarter.Label;

    public static string YearPeriod(int year) => year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The three periods a fact at <paramref name="at"/> counts in: its quarter, its year, all time.</summary>
    public static string[] PeriodsOf(DateTimeOffset at)
    {
        var quarter = ReportQuarter.Of(at);
        return [QuarterPeriod(quarter), YearPeriod(quarter.Year), AllTime];
    }

    public static string Institution(string period, string institutionKey) =>
        $"{InstitutionPrefix}{period}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(institutionKey)))[..32]}";

    public static string Grant(string reference) => GrantPrefix + reference;

    public static string Published(string reference) => PublishedPrefix + reference;

    public static TableEntity GrantEntity(string partitionKey, string reference, GrantDims dims) => new(partitionKey, Grant(reference))
    {
        ["Stages"] = string.Join(',', dims.Stages),
        ["Fields"] = string.Join(',', dims.Fields),
        ["District"] = dims.District,
        ["InstitutionKey"] = dims.InstitutionKey,
    };

    public static GrantDims ReadGrant(TableEntity entity) => new(
        [.. (entity.GetString("Stages") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<EducationStage>)],
        [.. (entity.GetString("Fields") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<MintField>)],
        entity.GetString("District"),
        entity.GetString("InstitutionKey"));
}

/// <summary>How a grant or application is broken down: education stages, MINT fields, district, institution.</summary>
public sealed record GrantDims(IReadOnlyList<EducationStage> Stages, IReadOnlyList<MintField> Fields, string? District, string? InstitutionKey)
{
    public static readonly GrantDims None = new([], [], null, null);
}
