using Azure.Data.Tables;
using MintFonds.Core.Reports;

namespace MintFonds.Functions.Reports;

/// <summary>
/// A message on the <c>reports</c> queue (schema version 1): build and send one sponsor's report
/// (<see cref="Sponsor"/>), or check whether a run is complete and tell the fund office (<see cref="Summary"/>).
/// </summary>
public sealed record ReportJob
{
    public const int CurrentSchemaVersion = 1;
    public const string Sponsor = "sponsor";
    public const string Summary = "summary";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string Kind { get; init; }

    public required string FundId { get; init; }

    /// <summary>"2026-Q4".</summary>
    public required string Quarter { get; init; }

    public string? SponsorId { get; init; }

    /// <summary>The run this job belongs to: "{quarter}-schedule" for the timer's run (the same for every repetition), a new id per admin call.</summary>
    public required string RunId { get; init; }

    /// <summary>Build again and replace the stored PDF (admin call with force; audited).</summary>
    public bool Force { get; init; }

    /// <summary>Who asked for a forced rebuild (the admin's object id), for the audit entry.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>For summary checks: how often the run was found unfinished.</summary>
    public int Attempt { get; init; }
}

/// <summary>
/// The report state rows in the fund's Ledger partition (next to the rows a report reads):
/// <c>report-{yyyy}-Q{n}-{sponsorId}</c>, one per sponsor and quarter (state, blob, the last run that handled it), and
/// <c>reportrun-{runId}</c>, one per run (quarter, how many sponsors it messaged, trigger). The summary of a run reads
/// the quarter's <c>report-</c> range: as many rows as sponsors were reported to, whatever the history.
/// </summary>
public static class ReportRows
{
    public const string ReportPrefix = "report-";
    public const string RunPrefix = "reportrun-";

    public static string QuarterRange(ReportQuarter quarter) => $"{ReportPrefix}{quarter.Label}-";

    public static string ReportKey(ReportQuarter quarter, string sponsorId) => QuarterRange(quarter) + sponsorId;

    public static string RunKey(string runId) => RunPrefix + runId;

    public static string BlobName(string fundId, ReportQuarter quarter, string sponsorId) => $"{fundId}/{quarter.Label}/{sponsorId}.pdf";

    public static TableEntity State(string fundId, ReportQuarter quarter, string sponsorId, ReportState state, string runId, DateTimeOffset at, string? reason = null) =>
        new(fundId, ReportKey(quarter, sponsorId))
        {
            ["SponsorId"] = sponsorId,
            ["State"] = state.ToString(),
            ["RunId"] = runId,
            ["At"] = at,
            ["Reason"] = reason,
            ["BlobName"] = state is ReportState.Built or ReportState.Sent ? BlobName(fundId, quarter, sponsorId) : null,
        };
}

public enum ReportState
{
    /// <summary>The PDF is stored; the e-mail is not yet handed to the notifications queue.</summary>
    Built,

    /// <summary>Stored and handed to the e-mail path (which sends each key once).</summary>
    Sent,

    /// <summary>Nothing to send: the sponsor was erased, or is restricted (the PDF is kept, no e-mail).</summary>
    Skipped,

    /// <summary>The job exhausted its retries (see the dead letters).</summary>
    Failed,
}
