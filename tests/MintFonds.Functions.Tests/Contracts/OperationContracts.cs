using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Access;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Reports;
using MintFonds.Functions.Transparency;
using MintFonds.Functions.WorkLists;

namespace MintFonds.Functions.Tests.Contracts;

/// <summary>What one operation reads and writes: the body type (or a non-JSON media type; several, comma-separated, where
/// the function reads whichever the client sends), and per status the answer.</summary>
public sealed record OperationContract(Type? Request, IReadOnlyDictionary<string, Answer> Responses, string? RequestMediaType = null);

/// <summary>An answer: a JSON type, or a non-JSON media type (several, comma-separated, where the function serves
/// whichever a stored file is); <paramref name="NeverWritten"/> are members of the type
/// the function always sets to null before answering (so they are never in the JSON).</summary>
public sealed record Answer(Type? Json, string? MediaType = null, params string[] NeverWritten);

/// <summary>
/// Which C# types each documented operation reads and writes, as the function classes do it (the body reader's type
/// argument; the value given to <c>ApiResult</c>). An operation the document gains without an entry here fails
/// <see cref="SchemaContractTests"/>; so does an entry for an operation the document no longer has.
/// Answers that the functions build as anonymous objects are mirrored by the small envelope records at the end.
/// </summary>
public static class OperationContracts
{
    private static readonly string[] OfficeApplication = ["statusTokenHash"];

    public static readonly IReadOnlyDictionary<string, OperationContract> All = new Dictionary<string, OperationContract>(StringComparer.Ordinal)
    {
        ["GetOpenApiDocument"] = Reads(null, ("200", new Answer(null, "application/yaml"))),
        ["Health"] = Reads(null, ("200", Json<HealthAnswer>())),
        ["ListOpenCalls"] = Reads(null, ("200", Json<OpenCallsView>())),
        ["GetFormChallenge"] = Reads(null, ("200", Json<FormChallenge>())),
        ["SubmitApplication"] = Reads(typeof(ApplicationInput), ("200", Json<SubmissionReceipt>()), ("201", Json<SubmissionReceipt>())),
        ["GetApplicationStatus"] = Reads(null, ("200", Json<ApplicantView>())),
        ["WithdrawApplication"] = Reads(null, ("200", Json<ApplicantView>())),
        ["ResubmitApplication"] = Reads(typeof(ApplicationInput), ("200", Json<ApplicantView>())),
        ["SubmitPledge"] = Reads(typeof(PledgeInput), ("201", Json<PledgeReceipt>())),
        ["CreateFund"] = Reads(typeof(FundInput), ("200", Json<Fund>()), ("201", Json<Fund>())),
        ["GetFund"] = Reads(null, ("200", Json<Fund>())),
        ["UpdateFund"] = Reads(typeof(FundInput), ("200", Json<Fund>())),
        ["CloseFund"] = Reads(null, ("200", Json<Fund>())),
        ["CopyFund"] = Reads(typeof(FundInput), ("200", Json<Fund>()), ("201", Json<Fund>())),
        ["UploadFundLogo"] = new(null, Answers(("200", Json<MintFonds.Functions.Regions.FundLogoAnswer>())), "image/png, image/jpeg"),
        ["RemoveFundLogo"] = Reads(null, ("204", NoContent)),
        ["GetFundLogo"] = Reads(null, ("200", new Answer(null, "image/png, image/jpeg"))),
        ["ListCalls"] = Reads(null, ("200", Json<CallListAnswer>())),
        ["CreateCall"] = Reads(typeof(CallInput), ("200", Json<FundingCall>()), ("201", Json<FundingCall>())),
        ["GetCall"] = Reads(null, ("200", Json<FundingCall>())),
        ["UpdateCall"] = Reads(typeof(CallInput), ("200", Json<FundingCall>())),
        ["CloseCall"] = Reads(null, ("200", Json<FundingCall>())),
        ["ListRoles"] = Reads(null, ("200", Json<RoleListAnswer>())),
        ["AssignRole"] = Reads(typeof(RoleAssignmentInput), ("200", Json<RoleAssignment>()), ("202", Json<RoleProposal>())),
        ["RevokeRole"] = Reads(null, ("202", Json<RoleProposal>()), ("204", NoContent)),
        ["ListRoleProposals"] = Reads(null, ("200", Json<RoleProposalListAnswer>())),
        ["ConfirmRoleProposal"] = Reads(null, ("200", Json<RoleProposal>())),
        ["ListAudit"] = Reads(null, ("200", Json<AuditPage>())),
        ["VerifyAudit"] = Reads(null, ("200", Json<AuditVerification>())),
        ["GetFormFile"] = Reads(null, ("200", new Answer(null, "text/html, text/css, text/javascript"))),
        ["SubmitProofOfUse"] = new(null, Answers(("200", Json<ProofOfUseView>()), ("201", Json<ProofOfUseView>())), "multipart/form-data"),
        ["GetProofOfUse"] = Reads(null, ("200", Json<ProofOfUseView>())),
        ["DownloadProofOfUseFile"] = Reads(null, ("200", new Answer(null, "application/pdf, image/png, image/jpeg"))),
        ["AcceptProofOfUse"] = Reads(typeof(ProofOfUseReviewInput), ("200", Json<ProofOfUseView>())),
        ["RequestMoreProofOfUse"] = Reads(typeof(ProofOfUseReviewInput), ("200", Json<ProofOfUseView>())),
        ["ListOverdueProofsOfUse"] = Reads(null, ("200", Json<OverdueListAnswer>())),
        ["CreatePayoutExport"] = Reads(typeof(PayoutExportInput), ("200", Json<PayoutExportView>()), ("201", Json<PayoutExportView>())),
        ["GetPayoutExport"] = Reads(null, ("200", Json<PayoutExportView>())),
        ["DownloadPayoutFile"] = Reads(null, ("200", new Answer(null, "application/xml"))),
        ["CancelPayoutExport"] = Reads(typeof(PayoutExportCancelInput), ("200", Json<PayoutExportView>())),
        ["ImportBankStatement"] = new(null, Answers(("200", Json<StatementImportResult>())), "application/xml, application/zip"),
        ["GetTransparency"] = Reads(null, ("200", Json<TransparencyView>())),
        ["GetTransparencyPage"] = Reads(null, ("200", new Answer(null, "text/html"))),
        ["GetPlatformFigures"] = Reads(null, ("200", Json<PlatformFigureView>())),
        ["GetPlatformFiguresCsv"] = Reads(null, ("200", new Answer(null, "text/csv"))),
        ["StartReportRun"] = Reads(typeof(ReportRunInput), ("202", Json<ReportRun>())),
        ["ListDeadLetters"] = Reads(null, ("200", Json<DeadLetterListAnswer>())),
        ["ResendDeadLetter"] = Reads(null, ("200", Json<DeadLetter>())),
        ["ListSponsorProposals"] = Reads(null, ("200", Json<SponsorProposalListAnswer>())),
        ["AcceptSponsorProposal"] = Reads(null, ("200", Json<AcceptedSponsorAnswer>())),
        ["RejectSponsorProposal"] = Reads(null, ("204", NoContent)),
        ["RecordPayment"] = Reads(typeof(PaymentInput), ("200", Json<Payment>()), ("201", Json<Payment>())),
        ["ListPayments"] = Reads(null, ("200", Json<PaymentListAnswer>())),
        ["AssignPayment"] = Reads(typeof(PaymentAssignmentInput), ("200", Json<Payment>())),
        ["ListReceipts"] = Reads(null, ("200", Json<ReceiptListAnswer>())),
        ["IssueCollectiveReceiptsNow"] = Reads(typeof(CollectiveReceiptsInput), ("200", Json<ReceiptListAnswer>())),
        ["ResendReceipt"] = Reads(null, ("200", Json<ReceiptRecord>())),
        ["RecordSignedCopySent"] = Reads(typeof(SignedCopyInput), ("200", Json<ReceiptRecord>())),
        ["UploadReceiptSignature"] = new(null, Answers(("200", Json<SignatureAnswer>())), "image/png"),
        ["RemoveReceiptSignature"] = Reads(null, ("204", NoContent)),
        ["CancelReceipt"] = Reads(typeof(CancelReceiptInput), ("200", Json<ReceiptRecord>())),
        ["StartReview"] = Reads(null, ("200", Office())),
        ["RequestChanges"] = Reads(typeof(TransitionInput), ("200", Office())),
        ["AssessApplication"] = Reads(typeof(AssessmentInput), ("200", Office())),
        ["SubmitToBoard"] = Reads(typeof(BoardSubmissionInput), ("200", Office())),
        ["VoteOnApplication"] = Reads(typeof(VoteInput), ("200", new Answer(typeof(VoteOutcome), null, OfficeApplication.Select(n => "application." + n).ToArray()))),
        ["DeclareConflictOfInterest"] = Reads(null, ("204", NoContent)),
        ["RenounceGrant"] = Reads(typeof(ReleaseInput), ("200", Office())),
        ["RevokeGrant"] = Reads(typeof(ReleaseInput), ("200", Office())),
        ["RecordPayout"] = Reads(typeof(BookingInput), ("200", Json<GrantDecision>())),
        ["RecordRepayment"] = Reads(typeof(BookingInput), ("200", Json<GrantDecision>())),
        ["GetFundBalance"] = Reads(null, ("200", Json<FundBalance>())),
        ["GetSponsorStatement"] = Reads(null, ("200", Json<SponsorStatement>())),
        ["GetGrantFunding"] = Reads(null, ("200", Json<GrantFunding>())),
        ["ListApplications"] = Reads(null, ("200", Json<WorkListPage>())),
        ["GetApplicationDetail"] = Reads(null, ("200", new Answer(typeof(WorkListDetail), null, OfficeApplication.Select(n => "application." + n).ToArray()))),
        ["ExportApplications"] = Reads(null, ("200", new Answer(null, "text/csv"))),
        ["ExportPersonalData"] = Reads(typeof(PersonRequest), ("200", new Answer(null, "application/zip"))),
        ["ErasePersonalData"] = Reads(typeof(PersonRequest), ("200", Json<ErasureReport>())),
        ["WithdrawConsent"] = Reads(typeof(ConsentWithdrawalInput), ("200", Json<ConsentWithdrawalReport>())),
    };

    private static Answer NoContent => new(null, null);

    private static Answer Json<T>() => new(typeof(T));

    private static Answer Office() => new(typeof(Application), null, OfficeApplication);

    private static OperationContract Reads(Type? request, params (string Status, Answer Answer)[] responses) => new(request, Answers(responses));

    private static Dictionary<string, Answer> Answers(params (string Status, Answer Answer)[] responses) =>
        responses.ToDictionary(r => r.Status, r => r.Answer, StringComparer.Ordinal);

    // The functions' anonymous answers, member for member (see each function's ApiResult.Ok(new { ... })).
    public sealed record HealthAnswer(string Status, string Storage, string Mail);

    public sealed record CallListAnswer(IReadOnlyList<FundingCall> Calls);

    public sealed record RoleListAnswer(IReadOnlyList<RoleAssignment> Roles);

    public sealed record RoleProposalListAnswer(IReadOnlyList<RoleProposal> Proposals);

    public sealed record DeadLetterListAnswer(IReadOnlyList<DeadLetter> DeadLetters);

    public sealed record SponsorProposalListAnswer(IReadOnlyList<SponsorProposalView> Proposals);

    public sealed record AcceptedSponsorAnswer(SponsorDetails Sponsor);

    public sealed record PaymentListAnswer(IReadOnlyList<Payment> Payments);

    public sealed record ReceiptListAnswer(int Year, IReadOnlyList<ReceiptRecord> Receipts);

    public sealed record OverdueListAnswer(IReadOnlyList<OverdueProofOfUse> Overdue);

    public sealed record SignatureAnswer(string Sha256, int Bytes, bool MachineMadeReceipts);
}
