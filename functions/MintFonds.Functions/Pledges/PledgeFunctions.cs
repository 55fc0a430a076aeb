using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Http;
using MintFonds.Functions.Payments;

namespace MintFonds.Functions.Pledges;

/// <summary>The public pledge form's endpoint.</summary>
public sealed class PledgeFunctions(HttpApi api, JsonBodyReader body, PledgeSubmissionService pledges, PaymentCodes paymentCodes)
{
    [Function(nameof(SubmitPledge))]
    public Task<IActionResult> SubmitPledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "funds/{fundId}/pledges")] HttpRequest request,
        string fundId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(SubmitPledge), async () =>
        {
            var key = IdempotencyKey.Read(request, ApplicationFunctions.IdempotencyHeader);
            var (input, bytes) = await body.ReadWithBytesAsync<PledgeInput>(request, cancellationToken);
            var (outcome, fund) = await pledges.SubmitAsync(fundId, input, bytes, key, cancellationToken);
            var pledge = outcome.Pledge;
            var receipt = new PledgeReceipt(
                pledge.Reference,
                pledge.Kind,
                pledge.Instalments,
                new PaymentInstructions(
                    fund.BankAccount.AccountHolder, fund.BankAccount.Iban, fund.BankAccount.Bic, fund.BankAccount.BankName,
                    paymentCodes.PayloadFor(fund, pledge.Instalments[0])));
            var result = ApiResult.Created(receipt);
            if (outcome.Replayed)
            {
                result.Headers["Idempotent-Replayed"] = "true";
            }

            return result;
        });
}
