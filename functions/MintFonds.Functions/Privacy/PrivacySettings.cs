using Microsoft.Extensions.Options;
using MintFonds.Core.Applications;
using MintFonds.Core.Privacy;
using MintFonds.Core.Time;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>The "Privacy" settings section (<c>Privacy__AnonymiseAfterDays</c>, …).</summary>
public sealed class PrivacySettings
{
    /// <summary>Days after a withdrawal or rejection until the contact and bank data of an application are anonymised.</summary>
    public int AnonymiseAfterDays { get; set; } = 365;

    /// <summary>Years an accounting voucher (payment, receipt, invoice) is kept, from the end of its calendar year.</summary>
    public int AccountingVoucherYears { get; set; } = 8;

    /// <summary>Years a business letter (a pledge and its confirmation) is kept, from the end of its calendar year.</summary>
    public int BusinessLetterYears { get; set; } = 6;

    public RetentionRules Rules => new(AccountingVoucherYears, BusinessLetterYears);
}

/// <summary>
/// When retention work becomes due. The code that closes an application (the withdrawal here; the board's rejection in
/// its own issue) calls <see cref="ScheduleAnonymisation"/> inside the transaction that closes it, so the due row and
/// the closed state are one write.
/// </summary>
public sealed class RetentionPlanner(IOptions<PrivacySettings> settings)
{
    public RetentionRules Rules => settings.Value.Rules;

    /// <summary>The day the contact data of an application closed at <paramref name="closedAt"/> is anonymised.</summary>
    public DateOnly AnonymiseOn(DateTimeOffset closedAt) => BerlinDay(closedAt).AddDays(settings.Value.AnonymiseAfterDays);

    /// <summary>Adds the due row for anonymising a withdrawn or rejected application to the transaction that closes it.</summary>
    public void ScheduleAnonymisation(PartitionBatch batch, Application closed, DateTimeOffset closedAt) =>
        batch.Upsert(RetentionDue.Entity(closed.FundId, AnonymiseOn(closedAt), closed.Reference, RetentionDue.AnonymiseApplication));

    public static DateOnly BerlinDay(DateTimeOffset instant) => DateOnly.FromDateTime(BerlinTime.ToLocal(instant).DateTime);

    public static int BerlinYear(DateTimeOffset instant) => BerlinDay(instant).Year;
}
