using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Funds;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Abuse;

/// <summary>The challenge a public form fetches when it opens and sends back with its submission.</summary>
public sealed class FormChallengeFunctions(HttpApi api, FundTable funds, FormChallenges challenges)
{
    [Function(nameof(GetFormChallenge))]
    public Task<IActionResult> GetFormChallenge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "funds/{fundId}/challenge")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetFormChallenge), async () =>
        {
            // Issuing writes nothing; the one read keeps challenges to funds that take submissions.
            var fund = Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null;
            if (fund is null || fund.Value.Status == FundStatus.Closed)
            {
                throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
            }

            return ApiResult.Ok(await challenges.IssueAsync(fundId, cancellationToken));
        });
}
