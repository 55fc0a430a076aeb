using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Applications;

/// <summary>Money spent on one budget line of the application.</summary>
public sealed record SpendingLine(string BudgetLine, Euro Amount);

public sealed record ProofOfUseFileView(string Id, string Kind, string ContentType, long Size, DateTimeOffset UploadedAt);

/// <summary>
/// A grant's proof of use as the grantee (status page) and the office see it: when it is due, what was sent, whether
/// it was accepted or more was asked for, and any repayment of unspent money.
/// </summary>
public sealed record ProofOfUseView(
    string Reference,
    string State,
    DateOnly? DueOn,
    DateTimeOffset? SubmittedAt,
    string? Report,
    IReadOnlyDictionary<EducationStage, int>? ParticipantsByStage,
    IReadOnlyList<SpendingLine>? Spending,
    Euro? Spent,
    bool? PhotoConsentConfirmed,
    IReadOnlyList<ProofOfUseFileView> Files,
    string? OfficeMessage,
    DateTimeOffset? AcceptedAt,
    Euro? RepaymentDue,
    Euro? RepaymentReceived,
    string? RepaymentRemittance)
{
    /// <summary>Nothing sent yet.</summary>
    public static ProofOfUseView Due(string reference, DateOnly? dueOn) =>
        new(reference, "due", dueOn, null, null, null, null, null, null, [], null, null, null, null, null);

    /// <summary>The remittance text of a repayment: the grant reference first, so the statement import finds the grant.</summary>
    public static string RemittanceFor(string reference) => $"{reference} Rueckzahlung Zuschuss";
}
