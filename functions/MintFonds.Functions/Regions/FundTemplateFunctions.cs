using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Core.Access;
using MintFonds.Core.Funds;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Regions;

/// <summary>A platform administrator starts a new region's fund from an existing one (thin: authorise, read, copy, answer).</summary>
public sealed class FundTemplateFunctions(HttpApi api, AdminAccess access, JsonBodyReader body, FundTemplateService templates)
{
    [Function(nameof(CopyFund))]
    public Task<IActionResult> CopyFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/copy")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(CopyFund), async () =>
        {
            // Creating a fund is the platform's business, as for CreateFund (fundId null: only a platform administrator).
            var by = await access.RequireAsync(request, fundId: null, Permission.ManageFund, nameof(CopyFund), cancellationToken);
            var input = await body.ReadAsync<FundInput>(request, cancellationToken);
            var (fund, created) = await templates.CopyAsync(fundId, input, by, cancellationToken);
            return (created ? ApiResult.Created(fund.Value, $"/api/manage/funds/{fund.Value.Id}") : ApiResult.Ok(fund.Value))
                .WithETag(fund.ETag.ToString());
        });
}

public static class RegionServices
{
    /// <summary>New regions: funds made from a template, each with its own logo.</summary>
    public static IServiceCollection AddRegions(this IServiceCollection services) =>
        services.AddSingleton<FundTemplateService>().AddSingleton<FundLogoService>();
}
