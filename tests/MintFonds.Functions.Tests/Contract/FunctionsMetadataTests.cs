namespace MintFonds.Functions.Tests.Contract;

/// <summary>
/// The contract the Functions host will see: every function's trigger, route, methods and auth level as written into
/// the built functions.metadata. A change here is a change of the public API and must be deliberate.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly (string Name, string Route, string Method)[] HttpFunctions =
    [
        ("GetOpenApiDocument", "openapi.yaml", "get"),
        ("Health", "health", "get"),
        ("GetFormFile", "forms/{*path}", "get"),
        ("ListOpenCalls", "funds/{fundId}/calls", "get"),
        ("GetFormChallenge", "funds/{fundId}/challenge", "get"),
        ("SubmitApplication", "funds/{fundId}/calls/{callId}/applications", "post"),
        ("GetApplicationStatus", "funds/{fundId}/applications/{reference}/status", "get"),
        ("WithdrawApplication", "funds/{fundId}/applications/{reference}/withdraw", "post"),
        ("CreateFund", "manage/funds", "post"),
        ("GetFund", "manage/funds/{fundId}", "get"),
        ("UpdateFund", "manage/funds/{fundId}", "put"),
        ("CloseFund", "manage/funds/{fundId}/close", "post"),
        ("CopyFund", "manage/funds/{fundId}/copy", "post"),
        ("UploadFundLogo", "manage/funds/{fundId}/logo", "put"),
        ("RemoveFundLogo", "manage/funds/{fundId}/logo", "delete"),
        ("GetFundLogo", "funds/{fundId}/logo", "get"),
        ("ListCalls", "manage/funds/{fundId}/calls", "get"),
        ("CreateCall", "manage/funds/{fundId}/calls", "post"),
        ("GetCall", "manage/funds/{fundId}/calls/{callId}", "get"),
        ("UpdateCall", "manage/funds/{fundId}/calls/{callId}", "put"),
        ("CloseCall", "manage/funds/{fundId}/calls/{callId}/close", "post"),
        ("ListRoles", "manage/funds/{fundId}/roles", "get"),
        ("AssignRole", "manage/funds/{fundId}/roles/{principalId}", "put"),
        ("RevokeRole", "manage/funds/{fundId}/roles/{principalId}", "delete"),
        ("ListRoleProposals", "manage/funds/{fundId}/role-proposals", "get"),
        ("ConfirmRoleProposal", "manage/funds/{fundId}/role-proposals/{proposalId}/confirm", "post"),
        ("ListAudit", "manage/funds/{fundId}/audit", "get"),
        ("VerifyAudit", "manage/funds/{fundId}/audit/verify", "get"),
        ("ListDeadLetters", "manage/funds/{fundId}/dead-letters", "get"),
        ("SubmitPledge", "funds/{fundId}/pledges", "post"),
        ("RecordPayment", "manage/funds/{fundId}/payments", "post"),
        ("ListPayments", "manage/funds/{fundId}/payments", "get"),
        ("AssignPayment", "manage/funds/{fundId}/payments/{paymentId}/assign", "post"),
        ("ListReceipts", "manage/funds/{fundId}/receipts", "get"),
        ("IssueCollectiveReceiptsNow", "manage/funds/{fundId}/receipts/collective", "post"),
        ("ResendReceipt", "manage/funds/{fundId}/receipts/{number}/resend", "post"),
        ("CancelReceipt", "manage/funds/{fundId}/receipts/{number}/cancel", "post"),
        ("ResendDeadLetter", "manage/funds/{fundId}/dead-letters/{id}/resend", "post"),
        ("ListSponsorProposals", "manage/funds/{fundId}/sponsor-proposals", "get"),
        ("RecordSignedCopySent", "manage/funds/{fundId}/receipts/{number}/signed-copy-sent", "post"),
        ("UploadReceiptSignature", "manage/funds/{fundId}/receipt-signature", "put"),
        ("RemoveReceiptSignature", "manage/funds/{fundId}/receipt-signature", "delete"),
        ("AcceptSponsorProposal", "manage/funds/{fundId}/sponsor-proposals/{proposalId}/accept", "post"),
        ("RejectSponsorProposal", "manage/funds/{fundId}/sponsor-proposals/{proposalId}/reject", "post"),
        ("ExportPersonalData", "manage/funds/{fundId}/privacy/export", "post"),
        ("ErasePersonalData", "manage/funds/{fundId}/privacy/erase", "post"),
        ("WithdrawConsent", "manage/funds/{fundId}/privacy/withdraw-consent", "post"),
        ("ResubmitApplication", "funds/{fundId}/applications/{reference}/resubmit", "post"),
        ("StartReview", "manage/funds/{fundId}/applications/{reference}/start-review", "post"),
        ("RequestChanges", "manage/funds/{fundId}/applications/{reference}/request-changes", "post"),
        ("AssessApplication", "manage/funds/{fundId}/applications/{reference}/assessments", "post"),
        ("SubmitToBoard", "manage/funds/{fundId}/applications/{reference}/submit-to-board", "post"),
        ("VoteOnApplication", "manage/funds/{fundId}/applications/{reference}/votes", "post"),
        ("DeclareConflictOfInterest", "manage/funds/{fundId}/applications/{reference}/conflict-of-interest", "post"),
        ("RenounceGrant", "manage/funds/{fundId}/applications/{reference}/renounce", "post"),
        ("RevokeGrant", "manage/funds/{fundId}/applications/{reference}/revoke", "post"),
        ("RecordPayout", "manage/funds/{fundId}/applications/{reference}/payouts", "post"),
        ("RecordRepayment", "manage/funds/{fundId}/applications/{reference}/repayments", "post"),
        ("ListApplications", "manage/funds/{fundId}/applications", "get"),
        ("GetApplicationDetail", "manage/funds/{fundId}/applications/{reference}", "get"),
        ("ExportApplications", "manage/funds/{fundId}/applications.csv", "get"),
        ("GetFundBalance", "manage/funds/{fundId}/ledger/balance", "get"),
        ("GetSponsorStatement", "manage/funds/{fundId}/ledger/sponsors/{sponsorId}", "get"),
        ("GetGrantFunding", "manage/funds/{fundId}/ledger/grants/{reference}", "get"),
        ("CreatePayoutExport", "manage/funds/{fundId}/payout-exports", "post"),
        ("GetPayoutExport", "manage/funds/{fundId}/payout-exports/{exportId}", "get"),
        ("DownloadPayoutFile", "manage/funds/{fundId}/payout-exports/{exportId}/file", "get"),
        ("CancelPayoutExport", "manage/funds/{fundId}/payout-exports/{exportId}/cancel", "post"),
        ("ImportBankStatement", "manage/funds/{fundId}/bank-statements", "post"),
        ("SubmitProofOfUse", "funds/{fundId}/applications/{reference}/proof-of-use", "post"),
        ("GetProofOfUse", "manage/funds/{fundId}/applications/{reference}/proof-of-use", "get"),
        ("DownloadProofOfUseFile", "manage/funds/{fundId}/applications/{reference}/proof-of-use/files/{fileId}", "get"),
        ("AcceptProofOfUse", "manage/funds/{fundId}/applications/{reference}/proof-of-use/accept", "post"),
        ("RequestMoreProofOfUse", "manage/funds/{fundId}/applications/{reference}/proof-of-use/request-more", "post"),
        ("ListOverdueProofsOfUse", "manage/funds/{fundId}/proof-of-use/overdue", "get"),
        ("GetTransparency", "funds/{fundId}/transparency", "get"),
        ("GetTransparencyPage", "funds/{fundId}/transparency.html", "get"),
        ("GetPlatformFigures", "manage/platform/figures", "get"),
        ("GetPlatformFiguresCsv", "manage/platform/figures.csv", "get"),
        ("StartReportRun", "manage/funds/{fundId}/reports/runs", "post"),
    ];

    [Fact]
    public void Every_HTTP_function_has_its_route_method_and_auth_level()
    {
        var http = FunctionsMetadata.Load().Where(f => f.Trigger == "httpTrigger").ToList();

        Assert.Equal(
            HttpFunctions.Select(f => $"{f.Name} {f.Method.ToUpperInvariant()} {f.Route}").Order(StringComparer.Ordinal),
            http.Select(f => $"{f.Name} {string.Join(',', f.Methods).ToUpperInvariant()} {f.Route}").Order(StringComparer.Ordinal));

        // Admin calls carry an Entra token that the worker validates; a function key would be a shared secret in a browser.
        Assert.All(http, f => Assert.Equal("Anonymous", f.AuthLevel));
    }

    [Fact]
    public void Queue_triggers_listen_on_the_work_queue_and_its_poison_queue()
    {
        var queues = FunctionsMetadata.Load().Where(f => f.Trigger == "queueTrigger").Select(f => $"{f.Name} {f.QueueName}").Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "BuildSponsorReport reports", "IssueReceipt receipts", "RecordFailedNotification notifications-poison", "RecordFailedReceiptJob receipts-poison",
                "RecordFailedReport reports-poison", "SendNotification notifications",
            ],
            queues);
    }

    [Fact]
    public void Timers_run_on_schedules_from_settings()
    {
        var timers = FunctionsMetadata.Load().Where(f => f.Trigger == "timerTrigger").Select(f => $"{f.Name} {f.Schedule}").Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "ApplyRetention %RetentionSchedule%",
                "BackUpTables %BackupSchedule%",
                "FoldFigures %FigureFoldSchedule%",
                "HealDecisions %OutboxRelaySchedule%",
                "IssueCollectiveReceipts %CollectiveReceiptSchedule%",
                "PlanQuarterlyReports %SponsorReportSchedule%",
                "RelayOutbox %OutboxRelaySchedule%",
                "SendProofOfUseReminders %ProofOfUseReminderSchedule%",
                "SweepCounters %CounterSweepSchedule%",
            ],
            timers);
    }

    [Fact]
    public void No_route_starts_with_the_host_reserved_admin_prefix()
    {
        Assert.DoesNotContain(FunctionsMetadata.Load(), f => f.Route is not null && f.Route.StartsWith("admin", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_function_is_triggered_by_HTTP_queue_or_timer_only()
    {
        Assert.All(FunctionsMetadata.Load(), f => Assert.Contains(f.Trigger, new[] { "httpTrigger", "queueTrigger", "timerTrigger" }));
        Assert.All(FunctionsMetadata.Load().Where(f => f.Trigger == "queueTrigger"), f => Assert.False(string.IsNullOrEmpty(f.QueueName)));
        Assert.All(FunctionsMetadata.Load().Where(f => f.Trigger == "timerTrigger"), f => Assert.StartsWith("%", f.Schedule, StringComparison.Ordinal));
    }

    [Fact]
    public void Route_templates_match_the_function_parameters()
    {
        foreach (var function in FunctionsMetadata.Load().Where(f => f.Route is not null))
        {
            var declaringType = typeof(Program).Assembly.GetType(function.EntryPoint[..function.EntryPoint.LastIndexOf('.')], throwOnError: true)!;
            var method = declaringType.GetMethod(function.EntryPoint[(function.EntryPoint.LastIndexOf('.') + 1)..])!;
            var routeParameters = System.Text.RegularExpressions.Regex.Matches(function.Route!, "{(?<name>[a-zA-Z]+)}").Select(m => m.Groups["name"].Value);
            Assert.All(routeParameters, name => Assert.Contains(method.GetParameters(), p => p.Name == name));
        }
    }
}
