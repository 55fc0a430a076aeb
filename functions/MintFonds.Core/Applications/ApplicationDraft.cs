namespace MintFonds.Core.Applications;

/// <summary>A checked application before it gets its reference, token and status.</summary>
public sealed record ApplicationDraft(
    Institution Institution,
    ContactPerson Contact,
    Project Project,
    Budget Budget,
    ApplicantBankAccount BankAccount,
    Consents Consents,
    string InstitutionKey);
