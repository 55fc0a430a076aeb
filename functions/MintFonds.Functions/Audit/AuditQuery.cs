using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Audit;

/// <summary>
/// One page of a fund's audit trail, optionally filtered. The time range becomes a RowKey range (the RowKey is the
/// inverted time), so storage reads only that slice of the partition; outcome, action and principal filter on plain
/// columns within it. Paging follows the Table service's own continuation, wrapped so clients treat it as opaque:
/// however many entries a flood adds, every entry stays reachable, each exactly once.
/// </summary>
public sealed partial record AuditQuery
{
    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 500;

    public const int MaxActionLength = 100;


    private const string TokenMessage = "Der Fortsetzungswert ist ungültig. Bitte den Wert 'continuationToken' der vorigen Seite unverändert senden.";

    public AuditOutcome? Outcome { get; init; }

    public string? Action { get; init; }

    public string? PrincipalId { get; init; }

    /// <summary>Entries at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The Table service's continuation token, unwrapped.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Reads the query string; an invalid value is a 400 naming its parameter.</summary>
    public static AuditQuery Parse(IQueryCollection query)
    {
        var outcome = Single(query, "outcome");
        var action = Single(query, "action");
        var principal = Single(query, "principal");
        var from = Single(query, "from");
        var to = Single(query, "to");
        var pageSize = Single(query, "pageSize");
        var token = Single(query, "continuationToken");

        var parsed = new AuditQuery
        {
            Outcome = outcome is null ? null : ParseOutcome(outcome),
            Action = action is null ? null : ActionPattern().IsMatch(action) ? action : throw Bad("action", $"Erwartet wird der Name einer Aktion wie 'role.assign' oder 'GetFund' (Buchstaben, Ziffern, Punkt, Bindestrich; höchstens {MaxActionLength} Zeichen)."),
            PrincipalId = principal is null ? null : Guid.TryParseExact(principal, "D", out var guid) ? guid.ToString("D") : throw Bad("principal", "Erwartet wird die Objekt-ID der Person in Entra ID (eine GUID)."),
            From = from is null ? null : ParseInstant("from", from),
            To = to is null ? null : ParseInstant("to", to),
            PageSize = pageSize is null ? DefaultPageSize : int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize
                ? size
                : throw Bad("pageSize", $"Erwartet wird eine ganze Zahl von 1 bis {MaxPageSize}."),
            ContinuationToken = token is null ? null : Unwrap(token),
        };

        if (parsed.From is { } start && parsed.To is { } end && end <= start)
        {
            throw Bad("to", "Das Ende des Zeitraums ('to') muss nach seinem Anfang ('from') liegen.");
        }

        return parsed;
    }

    /// <summary>The OData filter within the subject's partition.</summary>
    public string Filter(string subject)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {subject}") };

        // RowKey = inverted time + "-" + suffix; '.' follows '-', so "<inverted>." lies after every key of that tick.
        if (From is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"RowKey lt {AuditLog.InvertedTime(from) + "."}"));
        }

        if (To is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"RowKey gt {AuditLog.InvertedTime(to) + "."}"));
        }

        if (Outcome is { } outcome)
        {
            parts.Add(TableClient.CreateQueryFilter($"Outcome eq {outcome.ToString()}"));
        }

        if (Action is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Action eq {Action}"));
        }

        if (PrincipalId is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"PrincipalId eq {PrincipalId}"));
        }

        return string.Join(" and ", parts);
    }

    /// <summary>The service's token as clients see it (see <see cref="QueryParameters.WrapToken"/>).</summary>
    public static string? Wrap(string? serviceToken) => QueryParameters.WrapToken(serviceToken);

    /// <summary>The answer to a continuation token that storage itself refused.</summary>
    public static ProblemException BadToken() => Bad("continuationToken", TokenMessage);

    private static string Unwrap(string token) => QueryParameters.UnwrapToken(token, BadToken);

    // Only the documented spelling: the document's enum is what the API takes (no casing leniency, as for JSON enums).
    private static AuditOutcome ParseOutcome(string value) => value switch
    {
        "done" => AuditOutcome.Done,
        "refused" => AuditOutcome.Refused,
        _ => throw Bad("outcome", "Erlaubt sind 'done' und 'refused'."),
    };

    private static DateTimeOffset ParseInstant(string name, string value) =>
        value.Contains('T', StringComparison.OrdinalIgnoreCase)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw Bad(name, "Erwartet wird ein Zeitpunkt nach ISO 8601, z. B. 2026-03-02T10:00:00Z.");

    private static string? Single(IQueryCollection query, string name) => QueryParameters.Once(query, name);

    private static ProblemException Bad(string parameter, string message) => QueryParameters.Bad(parameter, message);

    [GeneratedRegex("^[A-Za-z0-9.-]{1,100}$")]
    private static partial Regex ActionPattern();
}

/// <summary>One page of the audit trail; <see cref="ContinuationToken"/> is absent on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? ContinuationToken);
