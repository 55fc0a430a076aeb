using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using MintFonds.Core.Json;
using MintFonds.Core.Ledger;
using MintFonds.Core.Money;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;

namespace MintFonds.Functions.Ledger;

/// <summary>
/// The fund's money rows in the Ledger table. Everything that must change together lives in ONE partition, the fund
/// id (next to the <c>payment-…</c> rows), so one table transaction can change it atomically:
/// <list type="bullet">
/// <item><c>money-{sponsorId}-{paymentId}</c>: the money register, one row per matched or assigned payment, written
/// in the payment's own transaction and never changed (amount, kind, earmark, value date). A sponsor's statement
/// reads its range; the balance reads all of them.</item>
/// <item><c>open-{yyyyMMdd}-{paymentId}</c>: money with something left, oldest first by key; <c>RemainingCents</c>
/// is the authority on what a payment can still fund. It exists exactly while something is left: an allocation
/// replaces it (ETag) or deletes it (ETag) when it is used up, a release updates or re-inserts it. Approvals read
/// only this range, never spent money.</item>
/// <item><c>funded-{paymentId}-{reference}</c>: how much of one payment funds one grant now (a sponsor's statement).</item>
/// <item><c>decision-{reference}</c>: the board's ballot and decision on one application, its grant terms and its
/// allocations (see <see cref="GrantDecision"/>).</item>
/// <item><c>pending-{reference}</c>: a decision whose effect on the application row is not yet confirmed (see
/// <c>DecisionSync</c>).</item>
/// </list>
/// </summary>
public static class LedgerRows
{
    public const string OpenPrefix = "open-";
    public const string MoneyPrefix = "money-";
    public const string FundedPrefix = "funded-";
    public const string DecisionPrefix = "decision-";
    public const string PendingPrefix = "pending-";

    public static string OpenKey(DateOnly valueDate, string paymentId) =>
        $"{OpenPrefix}{valueDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{paymentId}";

    public static string MoneyKey(string sponsorId, string paymentId) => $"{MoneyPrefix}{sponsorId}-{paymentId}";

    public static string FundedKey(string paymentId, string reference) => $"{FundedPrefix}{paymentId}-{reference}";

    public static string DecisionKey(string reference) => DecisionPrefix + reference;

    public static string PendingKey(string reference) => PendingPrefix + reference;

    /// <summary>A filter for every row key that starts with <paramref name="prefix"/> in one partition (a range, not a scan).</summary>
    public static string Range(string partitionKey, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");

    /// <summary>
    /// The rows that make a matched payment money the ledger can allocate; the payments feature adds them to the
    /// payment's own transaction (record or assign), so money is never matched without being in the ledger.
    /// </summary>
    public static IEnumerable<TableEntity> Admit(Payment payment)
    {
        if (payment.Match is not { } match)
        {
            yield break;
        }

        var money = new MoneyIn(payment.Id, match.SponsorId, match.Kind, match.Earmark, payment.ValueDate, payment.Amount, payment.Amount);
        yield return Write(new TableEntity(payment.FundId, MoneyKey(match.SponsorId, payment.Id)), money);
        yield return OpenEntity(payment.FundId, money);

        // The fund's figures count the money in the payment's own transaction (see FigureEvents).
        yield return Figures.GrantFigures.Received(payment.FundId, payment.Id, payment.ValueDate, payment.Amount);
    }

    public static TableEntity OpenEntity(string fundId, MoneyIn money) =>
        Write(new TableEntity(fundId, OpenKey(money.ValueDate, money.PaymentId)), money);

    public static MoneyIn ReadMoney(TableEntity entity) => new(
        entity.GetString("PaymentId"),
        entity.GetString("SponsorId"),
        Enum.Parse<PledgeKind>(entity.GetString("Kind")),
        JsonSerializer.Deserialize<Earmark>(entity.GetString("Earmark"), MintFondsJson.Storage) ?? Earmark.None,
        DateOnly.ParseExact(entity.GetString("ValueDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        new Euro(entity.GetInt64("AmountCents") ?? 0),
        new Euro(entity.GetInt64("RemainingCents") ?? 0));

    public static TableEntity FundedEntity(string fundId, string paymentId, string sponsorId, string reference, Euro amount) =>
        new(fundId, FundedKey(paymentId, reference))
        {
            ["PaymentId"] = paymentId,
            ["SponsorId"] = sponsorId,
            ["Reference"] = reference,
            ["AmountCents"] = amount.Cents,
        };

    private static TableEntity Write(TableEntity entity, MoneyIn money)
    {
        entity["PaymentId"] = money.PaymentId;
        entity["SponsorId"] = money.SponsorId;
        entity["Kind"] = money.Kind.ToString();
        entity["Earmark"] = JsonSerializer.Serialize(money.Earmark, MintFondsJson.Storage);
        entity["ValueDate"] = money.ValueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        entity["AmountCents"] = money.Amount.Cents;
        entity["RemainingCents"] = money.Remaining.Cents;
        return entity;
    }
}
