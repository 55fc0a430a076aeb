using MintFonds.Core.Validation;

namespace MintFonds.Functions.Http;

/// <summary>The problems the API answers with, worded for the person who reads them.</summary>
public static class Problems
{
    private const string TypePrefix = "urn:mintfonds:problem:";

    public static ApiProblem Validation(IReadOnlyList<FieldError> errors) => new()
    {
        Type = TypePrefix + "validation",
        Title = "Die Angaben sind unvollständig oder fehlerhaft.",
        Status = 422,
        Detail = "Bitte die genannten Felder korrigieren und erneut senden.",
        Errors = Group(errors),
    };

    public static ApiProblem MalformedBody(IReadOnlyList<FieldError> errors) => new()
    {
        Type = TypePrefix + "malformed-body",
        Title = "Der Inhalt der Anfrage kann nicht gelesen werden.",
        Status = 400,
        Detail = "Der Inhalt muss ein JSON-Objekt in der beschriebenen Form sein.",
        Errors = Group(errors),
    };

    public static ApiProblem BadRequest(string field, string message) => new()
    {
        Type = TypePrefix + "bad-request",
        Title = "Die Anfrage ist fehlerhaft.",
        Status = 400,
        Detail = message,
        Errors = Group([new FieldError(field, message)]),
    };

    public static ApiProblem UnsupportedMediaType(string? contentType) => new()
    {
        Type = TypePrefix + "unsupported-media-type",
        Title = "Dieses Format wird nicht angenommen.",
        Status = 415,
        Detail = $"Erwartet wird 'application/json' in UTF-8, erhalten wurde '{contentType ?? "(keine Angabe)"}'.",
        Errors = Group([new FieldError("Content-Type", "Bitte 'application/json' senden.")]),
    };

    public static ApiProblem TooLarge(long maxBytes) => new()
    {
        Type = TypePrefix + "payload-too-large",
        Title = "Die Anfrage ist zu groß.",
        Status = 413,
        Detail = $"Höchstens {maxBytes / 1024} KiB sind erlaubt.",
        Errors = Group([new FieldError("body", $"Höchstens {maxBytes / 1024} KiB sind erlaubt.")]),
    };

    /// <summary>The request is within the byte limit, but what it would store is larger than one record may be.</summary>
    public static ApiProblem RecordTooLarge(string detail) => new()
    {
        Type = TypePrefix + "payload-too-large",
        Title = "Die Angaben sind zu umfangreich.",
        Status = 413,
        Detail = detail,
        Errors = Group([new FieldError("body", detail)]),
    };

    public static ApiProblem NotFound(string what) => new()
    {
        Type = TypePrefix + "not-found",
        Title = "Nicht gefunden.",
        Status = 404,
        Detail = what,
    };

    public static ApiProblem Conflict(string detail, string? field = null) => new()
    {
        Type = TypePrefix + "conflict",
        Title = "Das steht im Widerspruch zum gespeicherten Stand.",
        Status = 409,
        Detail = detail,
        Errors = field is null ? null : Group([new FieldError(field, detail)]),
    };

    public static ApiProblem PreconditionFailed() => new()
    {
        Type = TypePrefix + "stale-version",
        Title = "Der Datensatz wurde inzwischen geändert.",
        Status = 412,
        Detail = "Bitte den aktuellen Stand neu laden (ETag) und die Änderung darauf anwenden.",
        Errors = Group([new FieldError("If-Match", "Der ETag passt nicht mehr zum gespeicherten Stand.")]),
    };

    public static ApiProblem PreconditionRequired() => new()
    {
        Type = TypePrefix + "precondition-required",
        Title = "Für Änderungen wird der ETag des gelesenen Stands benötigt.",
        Status = 428,
        Detail = "Bitte den Header If-Match mit dem ETag aus der letzten Antwort mitsenden.",
        Errors = Group([new FieldError("If-Match", "Der Header fehlt.")]),
    };

    public static ApiProblem Unauthorized(string detail) => new()
    {
        Type = TypePrefix + "unauthorized",
        Title = "Anmeldung erforderlich.",
        Status = 401,
        Detail = detail,
        Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" },
    };

    public static ApiProblem Forbidden(string detail) => new()
    {
        Type = TypePrefix + "forbidden",
        Title = "Keine Berechtigung.",
        Status = 403,
        Detail = detail,
    };

    /// <summary>A caller without a valid token sent too many refused requests; <paramref name="retryAfter"/> is when its hour ends.</summary>
    public static ApiProblem TooManyRequests(TimeSpan retryAfter) =>
        TooMany(
            retryAfter,
            "Zu viele Anfragen ohne gültige Anmeldung.",
            wait => $"Von diesem Anschluss kamen zu viele Anfragen ohne gültige Anmeldung. Bitte in {wait} erneut versuchen und sich dabei anmelden.",
            null);

    /// <summary>
    /// An anonymous route's limit is reached (<paramref name="what"/> says which, in German); <paramref name="field"/>
    /// names the field the limit counts by, if any (e.g. the e-mail address).
    /// </summary>
    public static ApiProblem TooManyRequests(TimeSpan retryAfter, string what, string? field = null) =>
        TooMany(retryAfter, "Zu viele Anfragen.", wait => $"{what} Bitte in {wait} erneut versuchen.", field);

    /// <summary>
    /// The form challenge (or its proof of work) is missing, malformed, for another fund or expired: the form must
    /// fetch a new one. <paramref name="field"/> is the header at fault.
    /// </summary>
    public static ApiProblem FormChallenge(string field, string message) => new()
    {
        Type = TypePrefix + "form-challenge",
        Title = "Das Formular muss neu geladen werden.",
        Status = 400,
        Detail = message,
        Errors = Group([new FieldError(field, message)]),
    };

    /// <summary>The form challenge was already used for another submission.</summary>
    public static ApiProblem FormChallengeUsed(string field) => new()
    {
        Type = TypePrefix + "form-challenge-used",
        Title = "Dieses Formular wurde bereits abgeschickt.",
        Status = 409,
        Detail = "Mit diesem Formular wurde schon eine andere Einreichung angenommen. Für eine weitere bitte das Formular neu laden.",
        Errors = Group([new FieldError(field, "Bereits für eine andere Einreichung verwendet.")]),
    };

    public static ApiProblem Busy() => new()
    {
        Type = TypePrefix + "busy",
        Title = "Gerade gehen sehr viele Anfragen ein.",
        Status = 503,
        Detail = "Bitte in einigen Sekunden erneut senden; es wurde nichts gespeichert.",
        Headers = new Dictionary<string, string> { ["Retry-After"] = "5" },
    };

    public static ApiProblem Unavailable(string detail) => new()
    {
        Type = TypePrefix + "unavailable",
        Title = "Der Dienst ist vorübergehend nicht verfügbar.",
        Status = 503,
        Detail = detail,
        Headers = new Dictionary<string, string> { ["Retry-After"] = "30" },
    };

    public static ApiProblem ServerError() => new()
    {
        Type = TypePrefix + "server-error",
        Title = "Ein interner Fehler ist aufgetreten.",
        Status = 500,
        Detail = "Bitte später erneut versuchen. Die Geschäftsstelle kann den Fehler anhand der traceId nachverfolgen.",
    };

    private static ApiProblem TooMany(TimeSpan retryAfter, string title, Func<string, string> detail, string? field)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var wait = seconds <= 60 ? "einer Minute" : $"{(seconds + 59) / 60} Minuten";
        var text = detail(wait);
        return new ApiProblem
        {
            Type = TypePrefix + "too-many-requests",
            Title = title,
            Status = 429,
            Detail = text,
            Errors = field is null ? null : Group([new FieldError(field, text)]),
            Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }

    private static Dictionary<string, string[]> Group(IReadOnlyList<FieldError> errors) =>
        errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
}
