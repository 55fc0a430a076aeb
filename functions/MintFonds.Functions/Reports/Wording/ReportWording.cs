using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Money;

namespace MintFonds.Functions.Reports.Wording;

/// <summary>
/// Every word printed on a sponsor report, per language, read from report-wording.{de,en}.json (embedded resources) so
/// the fund office can correct wording in one file without touching layout code. Missing keys fail at load.
/// </summary>
public sealed record ReportWording
{
    private static readonly ConcurrentDictionary<string, ReportWording> Loaded = new(StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> Languages = ["de", "en"];

    public static ReportWording For(string? language) => Loaded.GetOrAdd(language == "en" ? "en" : "de", Load);

    /// <summary>"de" or "en"; set from the file name.</summary>
    public string Language { get; init; } = "de";

    public required string DocumentTitle { get; init; }
    public required string Title { get; init; }
    public required string Period { get; init; }
    public required string Greeting { get; init; }
    public required string YourMoney { get; init; }
    public required string PaidInQuarter { get; init; }
    public required string PaidTotal { get; init; }
    public required string Allocated { get; init; }
    public required string Available { get; init; }
    public required string ProjectsFunded { get; init; }
    public required string ParticipantsReached { get; init; }
    public required string PaymentsHeading { get; init; }
    public required string PaymentDate { get; init; }
    public required string PaymentKind { get; init; }
    public required string PaymentEarmark { get; init; }
    public required string PaymentAmount { get; init; }
    public required string PaymentInQuarter { get; init; }
    public required string NoPayments { get; init; }
    public required string GrantsHeading { get; init; }
    public required string GrantProject { get; init; }
    public required string GrantStage { get; init; }
    public required string GrantAmount { get; init; }
    public required string GrantStatus { get; init; }
    public required string GrantParticipants { get; init; }
    public required string NoGrants { get; init; }
    public required string OthersOne { get; init; }
    public required string OthersMany { get; init; }
    public required string EarmarksHeading { get; init; }
    public required string EarmarkName { get; init; }
    public required string EarmarkPromised { get; init; }
    public required string EarmarkPaidIn { get; init; }
    public required string EarmarkAllocated { get; init; }
    public required string EarmarkAvailable { get; init; }
    public required string EarmarkToCome { get; init; }
    public required string FundHeading { get; init; }
    public required string FundQuarter { get; init; }
    public required string FundYear { get; init; }
    public required string FundApplications { get; init; }
    public required string FundApprovals { get; init; }
    public required string FundGranted { get; init; }
    public required string FundPaidOut { get; init; }
    public required string FundRaised { get; init; }
    public required string FundInstitutions { get; init; }
    public required string FundParticipants { get; init; }
    public required string FundByStage { get; init; }
    public required string FundByDistrict { get; init; }
    public required string ChartByStage { get; init; }
    public required string ChartOverTime { get; init; }
    public required string LegendRaised { get; init; }
    public required string LegendGranted { get; init; }
    public required string LegendPaidOut { get; init; }
    public required string NoDistrict { get; init; }
    public required string Footer { get; init; }
    public required string PageOfPages { get; init; }
    public required string DateFormat { get; init; }
    public required IReadOnlyDictionary<string, string> Stages { get; init; }
    public required IReadOnlyDictionary<string, string> StagePhrases { get; init; }
    public required IReadOnlyDictionary<string, string> Fields { get; init; }
    public required IReadOnlyDictionary<string, string> Statuses { get; init; }
    public required IReadOnlyDictionary<string, string> Kinds { get; init; }
    public required string Unrestricted { get; init; }

    private CultureInfo Culture => CultureInfo.GetCultureInfo(Language == "en" ? "en-GB" : "de-DE");

    public string Date(DateOnly day) => day.ToString(DateFormat, Culture);

    public string Money(Euro amount) => Language == "en"
        ? "€" + amount.ToDecimal().ToString("#,##0.00", CultureInfo.GetCultureInfo("en-GB"))
        : amount.ToGermanString();

    public string Number(long value) => value.ToString("#,##0", Culture);

    /// <summary>
    /// An earmark key (<see cref="Core.Ledger.Earmarks.Key"/>: "Kita, SekundarstufeI | Informatik | Mainz") in the
    /// reader's words: stages and MINT fields by their names in this language, districts as written, the parts joined
    /// by "; ".
    /// </summary>
    public string Earmark(string key) => key == Core.Ledger.Earmarks.Unrestricted
        ? Unrestricted
        : string.Join("; ", key.Split(" | ").Select(part => string.Join(", ", part.Split(", ").Select(
            name => Stages.TryGetValue(name, out var stage) ? stage : Fields.TryGetValue(name, out var field) ? field : name))));

    public static string Fill(string template, params (string Name, string Value)[] values)
    {
        var text = template;
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    private static ReportWording Load(string language)
    {
        var name = $"MintFonds.Reports.report-wording.{language}.json";
        using var stream = typeof(ReportWording).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The wording resource '{name}' is missing from the assembly.");
        var wording = JsonSerializer.Deserialize<ReportWording>(stream, MintFondsJson.Storage)
            ?? throw new InvalidOperationException($"The wording resource '{name}' is empty.");
        return wording with { Language = language };
    }
}
