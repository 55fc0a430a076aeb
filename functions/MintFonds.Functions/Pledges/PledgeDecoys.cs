using MintFonds.Core.Funds;
using MintFonds.Core.Pledges;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Payments;

namespace MintFonds.Functions.Pledges;

/// <summary>
/// The answer to a pledge taken for a bot (<see cref="Decoy"/>): checked like a real one (404, 422), then answered as
/// accepted with the fund's real bank details and instalments under a decoy reference, without writing anything. A
/// transfer naming a decoy remittance reference matches no pledge and waits for the office like any unmatched payment.
/// </summary>
public sealed class PledgeDecoys(FundTable funds, PaymentCodes paymentCodes, TimeProvider time)
{
    public async Task<PledgeReceipt> AnswerAsync(string fundId, PledgeInput input, byte[] body, CancellationToken cancellationToken)
    {
        var fund = (Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null)?.Value;
        if (fund is null || fund.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
        }

        var today = BerlinTime.Today(time);
        var validated = PledgeValidator.Validate(input, fund, today, time.GetUtcNow());
        var draft = validated.Value ?? throw new ProblemException(Problems.Validation(validated.Errors));
        var reference = PledgeReferences.Pledge(fund.ReferencePrefix, today.Year, Decoy.Sequence(body));
        var instalments = draft.Instalments(reference);
        return PledgeReceipt.For(fund, reference, draft.Kind, instalments, paymentCodes, ConfirmationEmail.Queued);
    }
}
