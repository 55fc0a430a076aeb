using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Pledges;

/// <summary>A checked pledge before it gets its reference: the sponsor as entered and the terms of the promise.</summary>
public sealed record PledgeDraft(
    SponsorType SponsorType,
    string SponsorName,
    PostalAddress SponsorAddress,
    string? ContactPerson,
    string Email,
    string SponsorId,
    Euro Amount,
    PledgeSchedule Schedule,
    int Years,
    DateOnly FirstDueOn,
    PledgeKind Kind,
    Earmark Earmark,
    bool PublicNameConsent,
    ReceiptPreference ReceiptPreference,
    Consents Consents)
{
    /// <summary>"de" or "en": the language of the sponsor's quarterly reports.</summary>
    public string Language { get; init; } = "de";

    /// <summary>The instalments of this pledge under the given reference: one, or one per year on the same day.</summary>
    public IReadOnlyList<Instalment> Instalments(string pledgeReference) =>
        [.. Enumerable.Range(1, Years).Select(n => new Instalment(n, FirstDueOn.AddYears(n - 1), Amount, PledgeReferences.Instalment(pledgeReference, n)))];
}
