namespace MintFonds.Functions.Storage;

/// <summary>Every table of the system; the Bicep template creates the same list.</summary>
public static class TableNames
{
    public const string Funds = "Funds";
    public const string Calls = "Calls";
    public const string RoleAssignments = "RoleAssignments";
    public const string Audit = "Audit";
    public const string Idempotency = "Idempotency";
    public const string Applications = "Applications";
    public const string Sponsors = "Sponsors";
    public const string Pledges = "Pledges";
    public const string Ledger = "Ledger";
    public const string Receipts = "Receipts";
    public const string Notifications = "Notifications";
    public const string Counters = "Counters";
    public const string DeadLetters = "DeadLetters";
    public const string PersonIndex = "PersonIndex";

    public static readonly IReadOnlyList<string> All =
        [Funds, Calls, RoleAssignments, Audit, Idempotency, Applications, Sponsors, Pledges, Ledger, Receipts, Notifications, Counters, DeadLetters, PersonIndex];
}

/// <summary>
/// Every queue a function is triggered by; the host adds "-poison" queues for messages that exhausted their retries.
/// infra/ creates the same list (a test compares it with the queue triggers in functions.metadata).
/// </summary>
public static class QueueNames
{
    public const string Notifications = "notifications";
    public const string Receipts = "receipts";
    public const string Reports = "reports";
    public const string PoisonSuffix = "-poison";

    public static readonly IReadOnlyList<string> All = [Notifications, Receipts, Reports];
}

/// <summary>Every blob container; infra/ creates the same list plus "deployments" (a test compares them).</summary>
public static class BlobContainerNames
{
    public const string Receipts = "receipts";
    public const string Reports = "reports";
    public const string Attachments = "attachments";
    public const string MailOutbox = "mail-outbox";

    /// <summary>Payout files (pain.001, issue 9); immutable in prod like the receipts.</summary>
    public const string BankFiles = "bankfiles";

    /// <summary>The nightly table backups (Backups/TableBackup.cs); immutable in prod.</summary>
    public const string Backups = "backups";

    /// <summary>
    /// The funds' logos (Regions/FundLogoService.cs), content-addressed. No personal data; not in the table backups
    /// (the office keeps its logo and uploads it again).
    /// </summary>
    public const string Branding = "branding";

    public static readonly IReadOnlyList<string> All = [Receipts, Reports, Attachments, MailOutbox, BankFiles, Backups, Branding];
}
