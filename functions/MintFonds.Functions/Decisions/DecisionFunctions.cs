using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Access;
using MintFonds.Core.Applications;
using MintFonds.Functions.Access;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;

namespace MintFonds.Functions.Decisions;

/// <summary>The office's review steps, the board's votes, and what follows an approval (thin: authorise → service → answer).</summary>
public sealed class DecisionFunctions(
    HttpApi api, AdminAccess access, JsonBodyReader body, ReviewService review, BoardService board, GrantService grants)
{
    private const string Base = "manage/funds/{fundId}/applications/{reference}/";

    [Function(nameof(StartReview))]
    public Task<IActionResult> StartReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "start-review")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(StartReview), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(StartReview), cancellationToken);
            return Ok(await review.StartReviewAsync(fundId, reference, by, cancellationToken));
        });

    [Function(nameof(RequestChanges))]
    public Task<IActionResult> RequestChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "request-changes")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RequestChanges), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RequestChanges), cancellationToken);
            return Ok(await review.RequestChangesAsync(fundId, reference, by, await body.ReadAsync<TransitionInput>(request, cancellationToken), cancellationToken));
        });

    [Function(nameof(AssessApplication))]
    public Task<IActionResult> AssessApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "assessments")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(AssessApplication), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(AssessApplication), cancellationToken);
            return Ok(await review.AssessAsync(fundId, reference, by, await body.ReadAsync<AssessmentInput>(request, cancellationToken), cancellationToken));
        });

    [Function(nameof(SubmitToBoard))]
    public Task<IActionResult> SubmitToBoard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "submit-to-board")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(SubmitToBoard), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(SubmitToBoard), cancellationToken);
            return Ok(await review.SubmitToBoardAsync(fundId, reference, by, await body.ReadAsync<BoardSubmissionInput>(request, cancellationToken), cancellationToken));
        });

    [Function(nameof(VoteOnApplication))]
    public Task<IActionResult> VoteOnApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "votes")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(VoteOnApplication), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.Decide, nameof(VoteOnApplication), cancellationToken);
            var outcome = await board.VoteAsync(fundId, reference, by, await body.ReadAsync<VoteInput>(request, cancellationToken), cancellationToken);
            return ApiResult.Ok(new { application = ForOffice(outcome.Application), decision = outcome.Decision });
        });

    [Function(nameof(DeclareConflictOfInterest))]
    public Task<IActionResult> DeclareConflictOfInterest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "conflict-of-interest")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(DeclareConflictOfInterest), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.Decide, nameof(DeclareConflictOfInterest), cancellationToken);
            await board.DeclareConflictAsync(fundId, reference, by, cancellationToken);
            return ApiResult.NoContent();
        });

    [Function(nameof(RenounceGrant))]
    public Task<IActionResult> RenounceGrant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "renounce")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RenounceGrant), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RenounceGrant), cancellationToken);
            return Ok(await grants.RenounceAsync(fundId, reference, by, await body.ReadAsync<ReleaseInput>(request, cancellationToken), cancellationToken));
        });

    [Function(nameof(RevokeGrant))]
    public Task<IActionResult> RevokeGrant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "revoke")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RevokeGrant), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.Decide, nameof(RevokeGrant), cancellationToken);
            return Ok(await grants.RevokeAsync(fundId, reference, by, await body.ReadAsync<ReleaseInput>(request, cancellationToken), cancellationToken));
        });

    [Function(nameof(RecordPayout))]
    public Task<IActionResult> RecordPayout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "payouts")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RecordPayout), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RecordPayout), cancellationToken);
            return ApiResult.Ok(await grants.BookAsync(fundId, reference, by, "payout", await body.ReadAsync<BookingInput>(request, cancellationToken), cancellationToken));
        });

    [Function(nameof(RecordRepayment))]
    public Task<IActionResult> RecordRepayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "repayments")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(RecordRepayment), async () =>
        {
            var by = await access.RequireAsync(request, fundId, Permission.ManageFund, nameof(RecordRepayment), cancellationToken);
            return ApiResult.Ok(await grants.BookAsync(fundId, reference, by, "repayment", await body.ReadAsync<BookingInput>(request, cancellationToken), cancellationToken));
        });

    /// <summary>The office sees the whole application; the hash of the applicant's status token is never shown.</summary>
    public static Application ForOffice(Application application) => application with { StatusTokenHash = null };

    private static ApiResult Ok(Application application) => ApiResult.Ok(ForOffice(application));
}

/// <summary>The applicant's resubmission through the status link.</summary>
public sealed class ResubmissionFunctions(HttpApi api, JsonBodyReader body, ResubmissionService resubmissions, ApplicationStatusService status)
{
    [Function(nameof(ResubmitApplication))]
    public Task<IActionResult> ResubmitApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "funds/{fundId}/applications/{reference}/resubmit")] HttpRequest request,
        string fundId,
        string reference,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(ResubmitApplication), async () =>
        {
            var token = request.Headers[ApplicationFunctions.TokenHeader].ToString();
            await resubmissions.ResubmitAsync(fundId, reference, token, await body.ReadAsync<ApplicationInput>(request, cancellationToken), cancellationToken);
            return ApiResult.Ok(await status.GetAsync(fundId, reference, token, cancellationToken));
        });
}

/// <summary>The three views of the fund's money (read: any role of the fund).</summary>
public sealed class LedgerFunctions(HttpApi api, AdminAccess access, LedgerViews views)
{
    [Function(nameof(GetFundBalance))]
    public Task<IActionResult> GetFundBalance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/ledger/balance")] HttpRequest request, string fundId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetFundBalance), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetFundBalance), cancellationToken);
            return ApiResult.Ok(await views.BalanceAsync(fundId, cancellationToken));
        });

    [Function(nameof(GetSponsorStatement))]
    public Task<IActionResult> GetSponsorStatement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/ledger/sponsors/{sponsorId}")] HttpRequest request, string fundId, string sponsorId, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetSponsorStatement), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetSponsorStatement), cancellationToken);
            return ApiResult.Ok(await views.SponsorAsync(fundId, sponsorId, cancellationToken));
        });

    [Function(nameof(GetGrantFunding))]
    public Task<IActionResult> GetGrantFunding(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/funds/{fundId}/ledger/grants/{reference}")] HttpRequest request, string fundId, string reference, CancellationToken cancellationToken) =>
        api.RunAsync(request, nameof(GetGrantFunding), async () =>
        {
            await access.RequireAsync(request, fundId, Permission.Read, nameof(GetGrantFunding), cancellationToken);
            return ApiResult.Ok(await views.GrantAsync(fundId, reference, cancellationToken));
        });
}

/// <summary>The safety net of decisions: completes those whose application row was not updated (crash after the ledger commit).</summary>
public sealed class DecisionHealFunctions(DecisionSync sync, Storage.StorageAccount storage, Platform.Timers.TimerRuns runs)
{
    /// <summary>Markers younger than this belong to requests still running.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMinutes(2);

    [Function(nameof(HealDecisions))]
    public Task HealDecisions([TimerTrigger("%OutboxRelaySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(HealDecisions), HealAsync, cancellationToken);

    private async Task HealAsync(CancellationToken cancellationToken)
    {
        // The Funds table has one partition ("fund"): the list of funds is a design key, not a scan of anything large.
        var funds = storage.Table(Storage.TableNames.Funds).QueryAsync<Azure.Data.Tables.TableEntity>(
            Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {Funds.FundTable.Partition}"), select: ["RowKey"], cancellationToken: cancellationToken);
        await foreach (var fund in funds)
        {
            await sync.HealFundAsync(fund.RowKey, GracePeriod, cancellationToken);
        }
    }
}
