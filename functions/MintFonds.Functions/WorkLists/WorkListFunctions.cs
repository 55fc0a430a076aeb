using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Core.Time;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.WorkLists;

/// <summary>
/// The office's work list (thin: authorise → parse → service → answer). List and detail: any role of the fund
/// (<see cref="Permission.Read"/>); the CSV names contact persons and leaves the system as a file, so only the office
/// (<see cref="Permission.ManageFund"/>).
/// </summary>
public sealed class WorkListFunctions(HttpApi api, AdminAccess access, WorkListService worklist, TimeProvider time)
{
    [Function(nameof(ListApplications))]
    public Task<IActionResult> ListApplications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/applications")] HttpRequest request, string fundId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListApplications), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListApplications), cancellationToken);
            var query = WorkListQuery.Parse(request.Query);
            return ApiResult.Ok(await worklist.PageAsync(fundId, query, cancellationToken));
        });

    [Function(nameof(GetApplicationDetail))]
    public Task<IActionResult> GetApplicationDetail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/applications/{reference}")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetApplicationDetail), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetApplicationDetail), cancellationToken);
            return ApiResult.Ok(await worklist.DetailAsync(fundId, reference, cancellationToken));
        });

    [Function(nameof(ExportApplications))]
    public Task<IActionResult> ExportApplications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/applications.csv")] HttpRequest request, string fundId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ExportApplications), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(ExportApplications), cancellationToken);
            var query = WorkListQuery.Parse(request.Query);
            var csv = await WorkListCsv.WriteAsync(worklist.AllAsync(fundId, query, cancellationToken), cancellationToken);
            return ApiResult.File(csv, WorkListCsv.ContentType, WorkListCsv.FileName(fundId, BerlinTime.Today(time)));
        });
}
