using Microsoft.AspNetCore.Http;
using MintFonds.Core.Validation;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Access;

/// <summary>
/// Writes refused admin requests to the audit trail without letting the refusals flood it. A refusal goes to the
/// trail of the fund it names only if that fund exists (one point read); any other name, made up or malformed, goes
/// to the platform's trail, so nobody creates partitions by inventing fund ids. Refusals without a valid token are
/// counted per client and fund (<see cref="RefusalCounters"/>): the first ones are written, later ones only counted,
/// and over a limit the answer is 429. Refusals of signed-in people are written each: they name an object id of the
/// university's tenant that the office can act on.
/// </summary>
public sealed class RefusalAudit(AuditLog audit, FundTable funds, RefusalCounters counters)
{
    /// <summary>Records a refusal for want of a valid token; throws the 429 problem when the caller is over a limit.</summary>
    public async Task RefuseAnonymousAsync(HttpRequest request, string? fundId, string action, string reason, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(fundId, cancellationToken);
        var verdict = await counters.CountAsync(subject, request, cancellationToken);
        switch (verdict.Treatment)
        {
            case RefusalTreatment.TooMany:
                throw new ProblemException(Problems.TooManyRequests(verdict.RetryAfter));
            case RefusalTreatment.Audit:
                var noted = verdict.LimitReached is null ? reason : $"{reason};limit:{verdict.LimitReached}";
                await WriteAsync(subject, action, null, noted, verdict.ClientKey, request, cancellationToken);
                break;
            case RefusalTreatment.CountOnly:
                break;
        }
    }

    /// <summary>Records a refusal of a signed-in person.</summary>
    public async Task RefuseAsync(HttpRequest request, string? fundId, string action, string principalId, string reason, CancellationToken cancellationToken) =>
        await WriteAsync(await SubjectAsync(fundId, cancellationToken), action, principalId, reason, null, request, cancellationToken);

    private async Task<string> SubjectAsync(string? fundId, CancellationToken cancellationToken) =>
        fundId is not null && Slug.IsValid(fundId) && await funds.GetAsync(fundId, cancellationToken) is not null
            ? fundId
            : AuditLog.PlatformSubject;

    private Task WriteAsync(
        string subject, string action, string? principalId, string reason, string? clientKey, HttpRequest request, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new AuditEntry
            {
                Subject = subject,
                Action = action,
                Outcome = AuditOutcome.Refused,
                PrincipalId = principalId,
                Reason = reason,
                ClientKey = clientKey,
                Target = $"{request.Method} {request.Path}",
            },
            cancellationToken);
}
