using System.Globalization;
using Azure.Data.Tables;

namespace MintFonds.Functions.Privacy;

/// <summary>
/// Index rows that live beside the data they point to, in the same table and partition (the fund's), so that they are
/// written in the SAME transaction as that data. Why not one PersonIndex table for everything: a row there is a second
/// write. Written after the data, a crash in between leaves personal data the index cannot find (an export that misses
/// something, an erasure that leaves something). Written before, it is worse here: a submission learns its reference
/// only in the transaction that takes the number, and a lost race retries with the next number, so an index row written
/// ahead would point to ANOTHER person's application, and an export would hand that out. In the same transaction, the
/// index row and the data commit or fail together, and the row costs one action of the 100 a transaction allows.
/// What cannot share a transaction (e-mail copies) uses <see cref="PersonIndex"/>, whose ids are derived from the
/// content and so cannot point elsewhere.
/// <list type="bullet">
/// <item><c>person-{personKey}-{id}</c> in Applications (id = reference), Pledges (id = pledge reference; columns
/// <c>SponsorId</c>, <c>ProposalId</c>) and Sponsors (id = sponsor id): a range query per fund and person finds them.</item>
/// <item><c>sponsor-{sponsorId}-{paymentId}</c> in the Ledger: the payments matched to a sponsor (a payment knows its
/// sponsor, not an e-mail address).</item>
/// <item><c>due-{yyyyMMdd}-{id}</c> in Applications and Sponsors: retention work due on that day (see <see cref="RetentionDue"/>).</item>
/// </list>
/// </summary>
public static class PersonRows
{
    public const string Prefix = "person-";

    public static string Key(string personKey, string id) => $"{Prefix}{personKey}-{id}";

    /// <summary>Every index row of one person in one partition ('-' + 1 = '.': the first key after the prefix range).</summary>
    public static string RangeFilter(string partitionKey, string personKey) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {Prefix + personKey + "-"} and RowKey lt {Prefix + personKey + "."}");

    public static TableEntity Entity(string partitionKey, string personKey, string id, params (string Name, object? Value)[] columns)
    {
        var entity = new TableEntity(partitionKey, Key(personKey, id)) { ["Id"] = id };
        foreach (var (name, value) in columns)
        {
            entity[name] = value;
        }

        return entity;
    }

    public const string SponsorLinkPrefix = "sponsor-";

    public static string SponsorLinkKey(string sponsorId, string paymentId) => $"{SponsorLinkPrefix}{sponsorId}-{paymentId}";

    /// <summary>The Ledger row that links a matched payment to its sponsor.</summary>
    public static TableEntity SponsorLink(string fundId, string sponsorId, string paymentId) =>
        new(fundId, SponsorLinkKey(sponsorId, paymentId)) { ["PaymentId"] = paymentId };

    public static string SponsorLinkFilter(string fundId, string sponsorId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {fundId} and RowKey gt {SponsorLinkPrefix + sponsorId + "-"} and RowKey lt {SponsorLinkPrefix + sponsorId + "."}");
}

/// <summary>
/// Retention work due on a day: <c>due-{yyyyMMdd}-{id}</c> in the partition of the data it concerns, written in the
/// transaction that makes the work necessary (a withdrawal, a rejection, a restriction). The timer reads only keys up
/// to today, so its cost depends on what is due, never on how much history the fund has.
/// </summary>
public static class RetentionDue
{
    public const string Prefix = "due-";

    public const string AnonymiseApplication = "anonymise-application";

    public const string ReviewSponsor = "review-sponsor";

    /// <summary>A restricted (approved) application whose retention duty ends: anonymised then.</summary>
    public const string PurgeApplication = "purge-application";

    public static string Key(DateOnly dueOn, string id) => $"{Prefix}{dueOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{id}";

    public static TableEntity Entity(string partitionKey, DateOnly dueOn, string id, string action) => new(partitionKey, Key(dueOn, id))
    {
        ["Id"] = id,
        ["Action"] = action,
        ["DueOn"] = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>The due rows of a partition up to and including <paramref name="today"/>.</summary>
    public static string DueFilter(string partitionKey, DateOnly today) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {Prefix} and RowKey lt {Key(today.AddDays(1), string.Empty)}");
}
