namespace MintFonds.Core.Privacy;

/// <summary>
/// How long a duty keeps a record: a number of years counted from the end of the calendar year of the record (a
/// payment of 2026 is kept as a voucher until 31 December 2034). The years are settings, because the law changes
/// (the voucher period went from 10 to 8 years in 2025).
/// </summary>
public sealed record RetentionRules(int AccountingVoucherYears = 8, int BusinessLetterYears = 6)
{
    public int Years(RetentionDuty duty) => duty switch
    {
        RetentionDuty.AccountingVoucher => AccountingVoucherYears,
        RetentionDuty.BusinessLetter => BusinessLetterYears,
        _ => throw new ArgumentOutOfRangeException(nameof(duty), duty, null),
    };

    /// <summary>The last day a record of <paramref name="year"/> must be kept under <paramref name="duty"/>.</summary>
    public DateOnly RetainUntil(RetentionDuty duty, int year) => new(year + Years(duty), 12, 31);

    /// <summary>Why, in words for the person who asked and for the office.</summary>
    public string Explain(RetentionDuty duty) => duty switch
    {
        RetentionDuty.AccountingVoucher =>
            $"Buchungsbeleg: Aufbewahrungspflicht {AccountingVoucherYears} Jahre ab Ende des Kalenderjahres (§ 147 AO, § 257 HGB, § 14b UStG). Bis dahin gesperrt: nur noch für diese Pflicht verwendet, keine E-Mails, keine Weitergabe.",
        RetentionDuty.BusinessLetter =>
            $"Geschäftsbrief: Aufbewahrungspflicht {BusinessLetterYears} Jahre ab Ende des Kalenderjahres (§ 147 AO, § 257 HGB); solange Belege darauf verweisen, so lange wie diese. Bis dahin gesperrt.",
        _ => duty.ToString(),
    };
}
