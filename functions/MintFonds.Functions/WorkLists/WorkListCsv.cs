using System.Globalization;
using CsvHelper;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Time;

namespace MintFonds.Functions.WorkLists;

/// <summary>
/// The work list as a CSV file that German Excel opens as it is: UTF-8 with BOM, <c>;</c> between cells, decimal comma,
/// dates <c>dd.MM.yyyy</c> (days in Germany). It names the contact person, so it is personal data: the file name says so
/// (<c>…-personenbezogen.csv</c>) and so does its first line (a <c>#</c> comment). Cells that a spreadsheet would run as
/// a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) get a leading <c>'</c> (CsvHelper's
/// <see cref="CsvInjection.Escape"/>); amounts are never negative, so no number is touched by that.
/// </summary>
public static class WorkListCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public const string PersonalDataNotice = "Enthält personenbezogene Daten (Ansprechpersonen) - nur für die Arbeit der Fondsgeschäftsstelle verwenden und nach Gebrauch löschen.";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static readonly IReadOnlyList<string> Header =
    [
        "Aktenzeichen", "Aufruf", "Status", "Eingereicht am", "Einrichtung", "Art der Einrichtung", "Kreis/Bezirk", "Ort",
        "Projekt", "Bildungsstufen", "MINT-Bereiche", "Gesamtkosten (EUR)", "Beantragt (EUR)", "Eigenanteil (EUR)",
        "Bewilligt (EUR)", "Entschieden am", "Ansprechperson", "E-Mail", "Telefon",
    ];

    /// <summary>The dialect, also for reading the file back: <c>;</c>, BOM, <c>#</c> comments, German numbers, formula cells escaped.</summary>
    public static CsvWriterOptions Options => CsvWriterOptions.Default with
    {
        Separator = ';',
        WriteByteOrderMark = true,
        CommentPrefix = '#',
        Injection = CsvInjection.Escape,
        InjectionEscape = '\'',
        FormatProvider = German,
    };

    /// <summary>e.g. <c>antraege-mainz-bingen-2026-11-26-personenbezogen.csv</c> (ASCII: fund ids are slugs).</summary>
    public static string FileName(string fundId, DateOnly today) =>
        string.Create(CultureInfo.InvariantCulture, $"antraege-{fundId}-{today:yyyy-MM-dd}-personenbezogen.csv");

    public static async Task<byte[]> WriteAsync(IAsyncEnumerable<Application> applications, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteComment(PersonalDataNotice);
            csv.WriteHeader([.. Header]);
            await foreach (var a in applications.WithCancellation(cancellationToken))
            {
                await csv.WriteRecordAsync(
                [
                    a.Reference,
                    a.CallId,
                    ApplicantViews.Label(a.Status),
                    Day(a.SubmittedAt),
                    a.Institution.Name,
                    GermanLabels.For(a.Institution.Type),
                    a.Institution.District ?? string.Empty,
                    a.Institution.City,
                    a.Project.Title,
                    string.Join(", ", a.Project.EducationStages.Select(GermanLabels.For)),
                    string.Join(", ", a.Project.MintFields.Select(GermanLabels.For)),
                    Amount(a.Budget.Total.ToDecimal()),
                    Amount(a.Budget.RequestedAmount.ToDecimal()),
                    Amount(a.Budget.OwnContribution.ToDecimal()),
                    a.Decision?.GrantedAmount is { } granted ? Amount(granted.ToDecimal()) : string.Empty,
                    a.Decision is { } d ? Day(d.DecidedAt) : string.Empty,
                    a.Contact.Name,
                    a.Contact.Email,
                    a.Contact.Phone ?? string.Empty,
                ],
                cancellationToken);
            }
        }

        return buffer.ToArray();
    }

    private static string Day(DateTimeOffset instant) => BerlinTime.ToLocal(instant).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    // Without a thousands separator: Excel reads "1234,50" as a number in every German setting.
    private static string Amount(decimal euros) => euros.ToString("0.00", German);
}
