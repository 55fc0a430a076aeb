namespace MintFonds.Core.Notifications;

/// <summary>The names of every e-mail template; the notifications feature renders one per name and culture.</summary>
public static class NotificationTemplates
{
    public const string ApplicationReceived = "application-received";
    public const string ApplicationNewForOffice = "application-new-office";
    public const string ApplicationWithdrawn = "application-withdrawn-office";
    public const string ChangesRequested = "application-changes-requested";
    public const string ApplicationApproved = "application-approved";
    public const string ApplicationRejected = "application-rejected";
    public const string PledgeReceived = "pledge-received";
    public const string PaymentReceived = "payment-received";
    public const string SponsorChangeProposed = "sponsor-change-proposed";
    public const string ReceiptForSignature = "receipt-for-signature";
    public const string QuarterlyReport = "quarterly-report";
    public const string ReportRunSummary = "report-run-summary";
    public const string ProofOfUseReminder = "proof-of-use-reminder";
    public const string ProofOfUseMoreRequested = "proof-of-use-more-requested";
    public const string ProofOfUseAccepted = "proof-of-use-accepted";
    public const string FailedMessageAlert = "failed-message-alert";
    public const string RoleChanged = "role-changed";
}
