using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Pledges;

/// <summary>What the pledge form posts. Everything is optional here; <see cref="PledgeValidator"/> decides.</summary>
public sealed record PledgeInput
{
    public SponsorInput? Sponsor { get; init; }

    /// <summary>Amount of each instalment (for a one-off pledge: the whole amount).</summary>
    public Euro? Amount { get; init; }

    public PledgeSchedule? Schedule { get; init; }

    /// <summary>Number of yearly instalments (2–10); only for <see cref="PledgeSchedule.Yearly"/>.</summary>
    public int? Years { get; init; }

    public DateOnly? FirstDueOn { get; init; }

    public PledgeKind? Kind { get; init; }

    public EarmarkInput? Earmark { get; init; }

    /// <summary>Consent to be named publicly (name only, never ranked by amount, never linked).</summary>
    public bool? PublicNameConsent { get; init; }

    /// <summary>The sponsor's language for reports and e-mails: "de" (default) or "en".</summary>
    public string? Language { get; init; }

    public ReceiptPreference? ReceiptPreference { get; init; }

    public string? PrivacyNoticeVersion { get; init; }

    public bool? PrivacyNoticeAccepted { get; init; }

    /// <summary>
    /// A trap for bots (honeypot): the form hides this field from people (and from autofill), so it stays empty; a
    /// submission with anything in it is answered as if accepted and nothing is stored. Never stored or passed on.
    /// </summary>
    public string? Website { get; init; }
}

public sealed record SponsorInput
{
    public SponsorType? Type { get; init; }

    public string? Name { get; init; }

    public string? Street { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    public string? Country { get; init; }

    public string? ContactPerson { get; init; }

    public string? Email { get; init; }
}

public sealed record EarmarkInput
{
    public IReadOnlyList<EducationStage>? EducationStages { get; init; }

    public IReadOnlyList<MintField>? MintFields { get; init; }

    public IReadOnlyList<string>? Districts { get; init; }
}
