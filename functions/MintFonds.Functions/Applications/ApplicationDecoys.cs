using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Time;
using MintFonds.Core.Validation;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The answer to an application taken for a bot (<see cref="Decoy"/>): checked like a real one (404 for an unknown fund
/// or call, 422 for invalid content, so the answer does not differ there either), then answered as accepted without
/// writing anything. Reads only.
/// </summary>
public sealed class ApplicationDecoys(FundTable funds, CallTable calls, TimeProvider time)
{
    public async Task<SubmissionReceipt> AnswerAsync(string fundId, string callId, ApplicationInput input, byte[] body, CancellationToken cancellationToken)
    {
        var fund = Slug.IsValid(fundId) ? await funds.GetAsync(fundId, cancellationToken) : null;
        if (fund is null || fund.Value.Status == FundStatus.Closed)
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keinen aktiven Fonds '{fundId}'."));
        }

        var call = Slug.IsValid(callId) ? await calls.GetAsync(fundId, callId, cancellationToken) : null;
        if (call is null)
        {
            throw new ProblemException(Problems.NotFound($"Es gibt keine Förderrunde '{callId}' in diesem Fonds."));
        }

        var now = time.GetUtcNow();
        var today = BerlinTime.Today(time);
        var draft = ApplicationValidator.Validate(input, fund.Value, call.Value, today, now);
        if (!draft.IsValid)
        {
            throw new ProblemException(Problems.Validation(draft.Errors));
        }

        var reference = ApplicationReference.Format(fund.Value.ReferencePrefix, today.Year, Decoy.Sequence(body));
        return SubmissionReceipt.For(fundId, reference, ApplicationStatus.Submitted, now, ConfirmationEmail.Queued);
    }
}
