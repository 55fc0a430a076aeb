using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Functions.Access;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Pledges;

/// <summary>The office decides on changes of a known sponsor's data that came in through the public pledge form.</summary>
public sealed class SponsorProposalAdminFunctions(HttpApi api, AdminAccess access, SponsorProposalService proposals)
{
    [Function(nameof(ListSponsorProposals))]
    public Task<IActionResult> ListSponsorProposals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/sponsor-proposals")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ListSponsorProposals), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(ListSponsorProposals), cancellationToken);
            return ApiResult.Ok(new { proposals = await proposals.ListAsync(fundId, cancellationToken) });
        });

    [Function(nameof(AcceptSponsorProposal))]
    public Task<IActionResult> AcceptSponsorProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/sponsor-proposals/{proposalId}/accept")] HttpRequest request,
        string fundId,
        string proposalId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(AcceptSponsorProposal), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(AcceptSponsorProposal), cancellationToken);
            return ApiResult.Ok(new { sponsor = await proposals.AcceptAsync(fundId, proposalId, by, cancellationToken) });
        });

    [Function(nameof(RejectSponsorProposal))]
    public Task<IActionResult> RejectSponsorProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/funds/{fundId}/sponsor-proposals/{proposalId}/reject")] HttpRequest request,
        string fundId,
        string proposalId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RejectSponsorProposal), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RejectSponsorProposal), cancellationToken);
            await proposals.RejectAsync(fundId, proposalId, by, cancellationToken);
            return ApiResult.NoContent();
        });
}
