using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Text;
using MintFonds.Core.Time;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.WorkLists;

/// <summary>
/// The office's filter over one fund's applications. Everything but the free text becomes a server-side OData filter
/// on the plain columns of the <c>app-</c> rows (see <see cref="ApplicationRows.FilterColumns"/>); the free text
/// (<c>q</c>) is matched here, on the rows of the page the server returned. Values are enum names as in the API's JSON
/// (<c>status=inReview</c>, <c>stage=primarstufe</c>, <c>mintField=technik</c>, <c>institutionType=grundschule</c>);
/// dates are days in Germany (<c>submittedFrom</c>/<c>submittedTo</c>, both inclusive).
/// </summary>
public sealed record WorkListQuery
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;

    public const int MaxTextLength = 100;


    public string? CallId { get; init; }

    public ApplicationStatus? Status { get; init; }

    public EducationStage? Stage { get; init; }

    public MintField? MintField { get; init; }

    public InstitutionType? InstitutionType { get; init; }

    /// <summary>Compared as <see cref="ApplicationRows.DistrictKey"/>: "Landkreis Mainz-Bingen" = "landkreis mainz bingen".</summary>
    public string? District { get; init; }

    public DateOnly? SubmittedFrom { get; init; }

    public DateOnly? SubmittedTo { get; init; }

    /// <summary>Part of the reference or of the institution's name (compared as <see cref="NameKey"/>).</summary>
    public string? Text { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The Table service's continuation token ("nextPartitionKey nextRowKey"), unwrapped.</summary>
    public string? ContinuationToken { get; init; }

    public static WorkListQuery Parse(IQueryCollection query)
    {
        var sort = Single(query, "sort");
        if (sort is not null && sort != "reference")
        {
            throw Bad("sort", "Erlaubt ist nur 'reference' (Reihenfolge der Aktenzeichen, älteste zuerst): nur diese Reihenfolge kann seitenweise gelesen werden, ohne alle Anträge zu lesen.");
        }

        var callId = Single(query, "callId");
        var district = Single(query, "district");
        var text = Single(query, "q");
        var from = Single(query, "submittedFrom");
        var to = Single(query, "submittedTo");
        var pageSize = Single(query, "pageSize");
        var token = Single(query, "continuationToken");
        var parsed = new WorkListQuery
        {
            CallId = callId is null ? null : Core.Validation.Slug.IsValid(callId) ? callId : throw Bad("callId", "Erwartet wird die Kennung eines Aufrufs."),
            Status = EnumValue<ApplicationStatus>(query, "status"),
            Stage = EnumValue<EducationStage>(query, "stage"),
            MintField = EnumValue<MintField>(query, "mintField"),
            InstitutionType = EnumValue<InstitutionType>(query, "institutionType"),
            District = district is null ? null : district.Length <= MaxTextLength && ApplicationRows.DistrictKey(district) is { Length: > 0 } ? district : throw Bad("district", $"Erwartet wird der Name eines Kreises oder Bezirks (höchstens {MaxTextLength} Zeichen)."),
            Text = text is null ? null : text.Length <= MaxTextLength && !TextNormalizer.HasForbiddenControlCharacters(text, multiLine: false) ? text : throw Bad("q", $"Höchstens {MaxTextLength} Zeichen ohne Steuerzeichen."),
            SubmittedFrom = from is null ? null : Day("submittedFrom", from),
            SubmittedTo = to is null ? null : Day("submittedTo", to),
            PageSize = pageSize is null ? DefaultPageSize : int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize
                ? size
                : throw Bad("pageSize", $"Erwartet wird eine ganze Zahl von 1 bis {MaxPageSize}."),
            ContinuationToken = token is null ? null : Unwrap(token),
        };

        if (parsed.SubmittedFrom is { } start && parsed.SubmittedTo is { } end && end < start)
        {
            throw Bad("submittedTo", "Das Ende des Zeitraums ('submittedTo') darf nicht vor seinem Anfang ('submittedFrom') liegen.");
        }

        return parsed;
    }

    /// <summary>
    /// The OData filter: the fund's partition, the <c>app-</c> key range (never another fund, never the counters,
    /// markers or outbox rows beside the applications), and the plain-column conditions. A free text that is a whole
    /// reference narrows the range to that one row.
    /// </summary>
    public string Filter(string fundId)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {fundId}") };
        if (Text is { } text && ApplicationReference.IsWellFormed(text.ToUpperInvariant()))
        {
            parts.Add(TableClient.CreateQueryFilter($"RowKey eq {ApplicationRows.ApplicationKey(text.ToUpperInvariant())}"));
        }
        else
        {
            // '.' follows '-': every "app-…" key lies in [app-, app.).
            parts.Add(TableClient.CreateQueryFilter($"RowKey ge {"app-"} and RowKey lt {"app."}"));
        }

        if (CallId is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"CallId eq {CallId}"));
        }

        if (Status is { } status)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        if (Stage is { } stage)
        {
            parts.Add($"{ApplicationRows.StageColumn(stage)} eq true");
        }

        if (MintField is { } field)
        {
            parts.Add($"{ApplicationRows.MintColumn(field)} eq true");
        }

        if (InstitutionType is { } type)
        {
            parts.Add(TableClient.CreateQueryFilter($"InstitutionType eq {type.ToString()}"));
        }

        if (District is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"DistrictKey eq {ApplicationRows.DistrictKey(District)}"));
        }

        if (SubmittedFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"SubmittedAt ge {StartOfDay(from)}"));
        }

        if (SubmittedTo is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"SubmittedAt lt {StartOfDay(to.AddDays(1))}"));
        }

        return string.Join(" and ", parts);
    }

    /// <summary>The free-text part, checked on a row the server returned: reference or institution name contains it.</summary>
    public bool MatchesText(Application application)
    {
        if (Text is not { } text)
        {
            return true;
        }

        if (application.Reference.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var key = NameKey.Normalize(text);
        return key.Length > 0 && NameKey.Normalize(application.Institution.Name).Contains(key, StringComparison.Ordinal);
    }

    /// <summary>The service's token as clients see it (see <see cref="QueryParameters.WrapToken"/>).</summary>
    public static string? Wrap(string? serviceToken) => QueryParameters.WrapToken(serviceToken);

    public static ProblemException BadToken() =>
        Bad("continuationToken", "Der Fortsetzungswert ist ungültig. Bitte den Wert 'continuationToken' der vorigen Seite unverändert senden (mit denselben Filtern).");

    /// <summary>Midnight in Germany at the start of <paramref name="day"/>, as an instant.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        var offset = BerlinTime.ToLocal(new DateTimeOffset(local, TimeSpan.Zero)).Offset;
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static string Unwrap(string token) => QueryParameters.UnwrapToken(token, BadToken);

    private static T? EnumValue<T>(IQueryCollection query, string name)
        where T : struct, Enum
    {
        var value = Single(query, name);
        if (value is null)
        {
            return null;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(JsonNamingPolicy.CamelCase.ConvertName(candidate.ToString()), value, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        throw Bad(name, "Erlaubt sind: " + string.Join(", ", Enum.GetValues<T>().Select(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()))) + ".");
    }

    private static DateOnly Day(string name, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw Bad(name, "Erwartet wird ein Datum wie 2026-11-26.");

    private static string? Single(IQueryCollection query, string name) => QueryParameters.Once(query, name);

    private static ProblemException Bad(string parameter, string message) => QueryParameters.Bad(parameter, message);
}
