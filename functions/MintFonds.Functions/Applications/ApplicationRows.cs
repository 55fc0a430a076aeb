using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Text;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The kinds of rows in the Applications table. All rows of a fund share one partition (the fund id), so that an
/// application, its reference counter, the institution's yearly count, the idempotency marker and the outbox entries
/// for its e-mails are written in one atomic transaction.
/// <list type="bullet">
/// <item><c>app-{reference}</c>: the application (JSON plus plain columns for the work list's server-side filters — see
/// <see cref="FilterColumns"/> — and <c>StatusTokenHash</c>)</item>
/// <item><c>seq-{year}</c>: the last reference number of that year</item>
/// <item><c>cap-{year}-{institutionKey}</c>: places held by an institution's applications submitted in that year: taken at
/// submission, given back when one is rejected or withdrawn (also after an approval), so approvals never exceed the cap</item>
/// <item><c>coi-{institutionKey}-{principalId}</c>: a board member's declared conflict of interest; <c>ver-{reference}-{n}</c>: a previous version</item>
/// <item><c>idem-{hash}</c> / <c>dup-{hash}</c>: replay markers for Idempotency-Key and for identical re-posts</item>
/// <item><c>tok-{hash}</c>: the reference whose current status token has this SHA-256 (see <see cref="StatusLinkIssuer"/>)</item>
/// <item><c>outbox-…</c>: queue messages waiting to be relayed (see Outbox)</item>
/// </list>
/// </summary>
public static class ApplicationRows
{
    /// <summary>A table property holds 32K characters; escaping (emoji, &lt;, &amp;) can make the JSON far longer than the text typed.</summary>
    public const int MaxDocumentLength = 30_000;

    /// <summary>The column with the SHA-256 of the applicant's current status token (see <see cref="StatusToken"/>).</summary>
    public const string StatusTokenHashColumn = "StatusTokenHash";

    public static string ApplicationKey(string reference) => "app-" + reference;

    public static string TokenLookupKey(string tokenHash) => "tok-" + tokenHash;

    public static TableEntity TokenLookupEntity(string fundId, string tokenHash, string reference) =>
        new(fundId, TokenLookupKey(tokenHash)) { ["Reference"] = reference };

    public static string SequenceKey(int year) => "seq-" + year.ToString(CultureInfo.InvariantCulture);

    public static string CapKey(int year, string institutionKey) => $"cap-{year.ToString(CultureInfo.InvariantCulture)}-{institutionKey}";

    public static TableEntity ApplicationEntity(Application application, ETag etag = default) => new TableEntity(application.FundId, ApplicationKey(application.Reference))
    {
        ETag = etag,
        ["Json"] = JsonSerializer.Serialize(application, MintFondsJson.Storage),
        ["SchemaVersion"] = 1,
        ["CallId"] = application.CallId,
        ["Status"] = application.Status.ToString(),
        ["InstitutionKey"] = application.InstitutionKey,
        ["SubmittedAt"] = application.SubmittedAt,
        [StatusTokenHashColumn] = application.StatusTokenHash,
    }.WithFilterColumns(application);

    /// <summary>The column of a stage flag, e.g. <c>StagePrimarstufe</c> (true when the project addresses that stage).</summary>
    public static string StageColumn(EducationStage stage) => "Stage" + stage;

    /// <summary>The column of a MINT field flag, e.g. <c>MintInformatik</c>.</summary>
    public static string MintColumn(MintField field) => "Mint" + field;

    /// <summary>The district as the work list compares it: <see cref="NameKey"/> of the text typed (null when none).</summary>
    public static string? DistrictKey(string? district) => string.IsNullOrWhiteSpace(district) ? null : NameKey.Normalize(district);

    /// <summary>
    /// Plain columns beside the JSON so the work list filters on the server (Table Storage OData knows eq/ne/lt/gt on a
    /// column but no "contains"): <c>InstitutionType</c>, <c>DistrictKey</c>, and one boolean column per education stage
    /// and per MINT field the project addresses (<c>StageKita</c>, <c>MintTechnik</c> …; absent = false, so a filter
    /// <c>StageKita eq true</c> matches exactly). Every writer replaces the whole row through <see cref="ApplicationEntity"/>,
    /// so the flags always match the JSON; rows written before these columns existed match no stage, field, type or
    /// district filter until their next write.
    /// </summary>
    public static IReadOnlyList<string> FilterColumns =>
        ["InstitutionType", "DistrictKey", .. Enum.GetValues<EducationStage>().Select(StageColumn), .. Enum.GetValues<MintField>().Select(MintColumn)];

    private static TableEntity WithFilterColumns(this TableEntity entity, Application application)
    {
        entity["InstitutionType"] = application.Institution.Type.ToString();
        entity["DistrictKey"] = DistrictKey(application.Institution.District);
        foreach (var stage in application.Project.EducationStages.Distinct())
        {
            entity[StageColumn(stage)] = true;
        }

        foreach (var field in application.Project.MintFields.Distinct())
        {
            entity[MintColumn(field)] = true;
        }

        return entity;
    }

    public static Application ReadApplication(TableEntity entity) =>
        (JsonSerializer.Deserialize<Application>(entity.GetString("Json"), MintFondsJson.Storage)
            ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds no application."))
        with { StatusTokenHash = entity.GetString(StatusTokenHashColumn) };
}
