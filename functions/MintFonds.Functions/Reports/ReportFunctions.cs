using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;
using MintFonds.Functions.Platform.Timers;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Reports;

/// <summary>The quarterly report run (timer and admin call), the reports queue and its poison queue.</summary>
public sealed class ReportFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, ReportPlanner planner, ReportService reports, TimerRuns runs)
{
    /// <summary>On the first day of each quarter (default 06:00 UTC): the quarter that just ended, in Germany.</summary>
    [Function(nameof(PlanQuarterlyReports))]
    public Task PlanQuarterlyReports([TimerTrigger("%SponsorReportSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(PlanQuarterlyReports), token => planner.RunScheduledAsync(token), cancellationToken);

    [Function(nameof(BuildSponsorReport))]
    public Task BuildSponsorReport([QueueTrigger(QueueNames.Reports)] string message, CancellationToken cancellationToken) =>
        reports.HandleAsync(message, cancellationToken);

    [Function(nameof(RecordFailedReport))]
    public Task RecordFailedReport([QueueTrigger(QueueNames.Reports + QueueNames.PoisonSuffix)] string message, CancellationToken cancellationToken) =>
        reports.RecordExhaustedAsync(message, cancellationToken);

    [Function(nameof(StartReportRun))]
    public Task<IActionResult> StartReportRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/reports/runs")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(StartReportRun), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(StartReportRun), cancellationToken);
            var input = await body.ReadAsync<ReportRunInput>(request, cancellationToken);
            return ApiResult.Accepted(await planner.RunAsync(fundId, input, by, cancellationToken));
        });
}
