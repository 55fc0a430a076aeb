using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Core.Funds;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Funds;

/// <summary>Admin HTTP calls for funds. Thin: authorise, read, call <see cref="FundService"/>, answer.</summary>
public sealed class FundAdminFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, FundService funds)
{
    [Function(nameof(CreateFund))]
    public Task<IActionResult> CreateFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CreateFund), async () =>
        {
            var by = await access.RequireAsync(request, fundId: null, Permission.ManageFund, nameof(CreateFund), cancellationToken);
            var input = await body.ReadAsync<FundInput>(request, cancellationToken);
            var (fund, created) = await funds.CreateAsync(input, by, cancellationToken);
            return (created ? ApiResult.Created(fund.Value, $"/api/manage/funds/{fund.Value.Id}") : ApiResult.Ok(fund.Value))
                .WithETag(fund.ETag.ToString());
        });

    [Function(nameof(GetFund))]
    public Task<IActionResult> GetFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetFund), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetFund), cancellationToken);
            var fund = await funds.GetAsync(fundId, cancellationToken);
            return ApiResult.Ok(fund.Value).WithETag(fund.ETag.ToString());
        });

    [Function(nameof(UpdateFund))]
    public Task<IActionResult> UpdateFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/funds/{fundId}")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(UpdateFund), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(UpdateFund), cancellationToken);
            var ifMatch = Preconditions.RequireIfMatch(request);
            var input = await body.ReadAsync<FundInput>(request, cancellationToken);
            var fund = await funds.UpdateAsync(fundId, input, ifMatch, by, cancellationToken);
            return ApiResult.Ok(fund.Value).WithETag(fund.ETag.ToString());
        });

    [Function(nameof(CloseFund))]
    public Task<IActionResult> CloseFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/close")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CloseFund), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(CloseFund), cancellationToken);
            var ifMatch = Preconditions.RequireIfMatch(request);
            var fund = await funds.CloseAsync(fundId, ifMatch, by, cancellationToken);
            return ApiResult.Ok(fund.Value).WithETag(fund.ETag.ToString());
        });
}
