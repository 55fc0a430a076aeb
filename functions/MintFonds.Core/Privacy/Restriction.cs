namespace MintFonds.Core.Privacy;

/// <summary>
/// Restriction of processing (Art. 18 DSGVO): the person asked for erasure, but a legal duty keeps the record until
/// <see cref="RetainUntil"/>. A restricted record is kept for that duty alone: no e-mails, not in reports or exports to
/// third parties; after <see cref="RetainUntil"/> the retention timer anonymises it.
/// </summary>
/// <param name="RestrictedAt">When the erasure request restricted it.</param>
/// <param name="RetainUntil">The last day of the retention duty (the end of a calendar year).</param>
/// <param name="Duty">Which duty keeps it (see <see cref="RetentionDuty"/>).</param>
/// <param name="RestrictedBy">The Entra object id of the person who recorded the request.</param>
public sealed record Restriction(DateTimeOffset RestrictedAt, DateOnly RetainUntil, RetentionDuty Duty, string RestrictedBy);

/// <summary>Why a record is kept despite an erasure request (§ 147 AO, § 257 HGB, § 14b UStG as amended in 2025).</summary>
public enum RetentionDuty
{
    /// <summary>Buchungsbeleg: payments, donation receipts and invoices (8 years).</summary>
    AccountingVoucher,

    /// <summary>Handels- und Geschäftsbrief: e.g. a pledge and its confirmation (6 years).</summary>
    BusinessLetter,
}

/// <summary>Written proof that an optional consent was withdrawn: which one, when, recorded by whom, through which channel.</summary>
public sealed record ConsentWithdrawal(string Consent, DateTimeOffset WithdrawnAt, string RecordedBy, string Channel);
