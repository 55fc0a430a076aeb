using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Http;
using MintFonds.Functions.Payments;

namespace MintFonds.Functions.Pledges;

/// <summary>The public pledge form's endpoint, behind the same form guard as applications (<see cref="FormGuard"/>).</summary>
public sealed class PledgeFunctions(
    HttpApi api,
    JsonBodyReader body,
    FormGuard guard,
    PledgeSubmissionService pledges,
    PledgeDecoys decoys,
    ConfirmationQuota confirmations,
    PaymentCodes paymentCodes)
{
    [Function(nameof(SubmitPledge))]
    public Task<IActionResult> SubmitPledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "funds/{fundId}/pledges")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(SubmitPledge), async () =>
        {
            await guard.AdmitAsync(request, fundId, cancellationToken);
            var key = IdempotencyKey.Read(request, ApplicationFunctions.IdempotencyHeader);
            var (input, bytes) = await body.ReadWithBytesAsync<PledgeInput>(request, cancellationToken);
            var email = input.Sponsor?.Email;
            var check = await guard.CheckAsync(request, fundId, "pledge", input.Website, email, "sponsor.email", bytes, key, cancellationToken);
            if (check.IsBot)
            {
                return ApiResult.Created(await decoys.AnswerAsync(fundId, input, bytes, cancellationToken));
            }

            var (outcome, fund) = await guard.SubmitAsync(check, () => pledges.SubmitAsync(fundId, input, bytes, key, cancellationToken));
            var pledge = outcome.Pledge;

            // A stored or replayed pledge had a valid address in this very body (a replay is byte-identical).
            var confirmationKey = PledgeMessages.ReceivedKey(fund.Id, pledge.Reference);
            var confirmation = outcome.Replayed
                ? await confirmations.PeekAsync(confirmationKey, email ?? string.Empty, cancellationToken)
                : await confirmations.DecideAsync(confirmationKey, email ?? string.Empty, cancellationToken, check.Address);
            var receipt = PledgeReceipt.For(
                fund, pledge.Reference, pledge.Kind, pledge.Instalments, paymentCodes, confirmation);
            var result = ApiResult.Created(receipt);
            if (outcome.Replayed)
            {
                result.Headers["Idempotent-Replayed"] = "true";
            }

            return result;
        });
}
