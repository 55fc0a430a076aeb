using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Privacy;

namespace MintFonds.Core.Pledges;

/// <summary>A sponsor as the fund knows it; recognised again by normalised name and e-mail.</summary>
public sealed record Sponsor
{
    public required string FundId { get; init; }

    /// <summary>Derived from the normalised name and e-mail, so a returning sponsor gets the same id.</summary>
    public required string Id { get; init; }

    public required SponsorType Type { get; init; }

    public required string Name { get; init; }

    public required PostalAddress Address { get; init; }

    public string? ContactPerson { get; init; }

    public required string Email { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// A random id of the submission that created the row: when the SDK's retry of our own insert answers 409, the row
    /// found is ours if it carries our id (not a returning sponsor).
    /// </summary>
    public string? CreatedBySubmission { get; init; }

    /// <summary>When the office last confirmed these details (accepting a change proposal); null: as first entered.</summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    public string? ConfirmedBy { get; init; }

    /// <summary>Set when an erasure request met a retention duty of the sponsor's pledges, payments or receipts.</summary>
    public Restriction? Restriction { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public SponsorDetails Details => new(Type, Name, Address, ContactPerson, Email);
}

/// <summary>A promise of money: one-off or yearly instalments, donation or sponsoring, possibly earmarked.</summary>
public sealed record Pledge
{
    public required string FundId { get; init; }

    /// <summary>Human-friendly, e.g. "MRF-P-2027-0042".</summary>
    public required string Reference { get; init; }

    public required string SponsorId { get; init; }

    public required PledgeKind Kind { get; init; }

    public required PledgeSchedule Schedule { get; init; }

    public required IReadOnlyList<Instalment> Instalments { get; init; }

    public required Earmark Earmark { get; init; }

    public required bool PublicNameConsent { get; init; }

    /// <summary>"de" or "en": the language the sponsor chose for reports (older pledges: German).</summary>
    public string Language { get; init; } = "de";

    public required ReceiptPreference ReceiptPreference { get; init; }

    public required Consents Consents { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// The sponsor's data as entered with this pledge. Receipts for payments of this pledge print it (unless the
    /// office confirmed newer data), so nobody can change a donor's receipt address by posting the form in their name.
    /// </summary>
    public SponsorDetails? GivenDetails { get; init; }

    /// <summary>Set when an erasure request met a retention duty (the pledge's payments are vouchers).</summary>
    public Restriction? Restriction { get; init; }

    /// <summary>When the sponsor's data was removed after the retention duty ended; amounts and terms are left.</summary>
    public DateTimeOffset? AnonymisedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Euro Total => Instalments.Aggregate(Euro.Zero, (sum, i) => sum + i.Amount);
}

/// <summary>One payment due; its remittance reference lets the bank statement be matched to it.</summary>
public sealed record Instalment(int Number, DateOnly DueOn, Euro Amount, string RemittanceReference);

/// <summary>What the sponsor restricted the money to; empty lists mean no restriction of that kind.</summary>
public sealed record Earmark(IReadOnlyList<EducationStage> EducationStages, IReadOnlyList<MintField> MintFields, IReadOnlyList<string> Districts)
{
    public static readonly Earmark None = new([], [], []);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRestricted => EducationStages.Count > 0 || MintFields.Count > 0 || Districts.Count > 0;
}
