namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>Valid sample inputs, as the office would send them, with ids unique to each test.</summary>
public static class TestData
{
    public static string NewFundId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewPrincipalId() => Guid.NewGuid().ToString("D");

    public static Dictionary<string, object?> Fund(string id) => new()
    {
        ["id"] = id,
        ["name"] = "MINT-Regionalfonds Testregion",
        ["region"] = "MINT-Region Mainz-Bingen",
        ["referencePrefix"] = "MRF",
        ["operator"] = new Dictionary<string, object?>
        {
            ["legalName"] = "Technische Hochschule Bingen",
            ["address"] = new Dictionary<string, object?> { ["street"] = "Berlinstraße 109", ["postalCode"] = "55411", ["city"] = "Bingen am Rhein" },
            ["purposeText"] = "Förderung der Bildung",
            ["receiptPlace"] = "Bingen am Rhein",
            ["machineMadeReceipts"] = true,
            ["taxOffice"] = "Bingen-Alzey",
            ["procedureNotifiedOn"] = "2026-01-15",
            ["signatoryName"] = "Prof. Dr. Hans-Jürgen Beispiel",
            ["signatoryFunction"] = "Präsident",
            ["taxNumber"] = "08/650/12345",
        },
        ["bankAccount"] = new Dictionary<string, object?>
        {
            ["accountHolder"] = "Technische Hochschule Bingen",
            ["iban"] = "DE89 3704 0044 0532 0130 00",
            ["bic"] = "COBADEFFXXX",
            ["bankName"] = "Beispielbank",
        },
        ["sender"] = new Dictionary<string, object?> { ["email"] = "fonds@th-bingen.example", ["name"] = "MINT-Fonds" },
        ["sponsoring"] = new Dictionary<string, object?>
        {
            ["vatRatePercent"] = 19, ["vatId"] = "DE000000000", ["serviceDescription"] = "Nennung als Förderer des MINT-Regionalfonds",
        },
        ["contact"] = new Dictionary<string, object?>
        {
            ["email"] = "fonds@th-bingen.example", ["phone"] = "+49 6721 409-0", ["statusPageUrl"] = "https://mint.example/antragsstatus/",
        },
        ["rules"] = new Dictionary<string, object?>
        {
            ["maxAmountPerApplication"] = 500.00m,
            ["maxApprovedPerInstitutionPerYear"] = 3,
            ["minLeadTimeDays"] = 28,
            ["districts"] = new[] { "Landkreis Mainz-Bingen", "Mainz" },
        },
    };

    public static Dictionary<string, object?> Call(string id, DateOnly opensOn, DateOnly? closesOn = null) => new()
    {
        ["id"] = id,
        ["title"] = "Förderrunde " + id,
        ["description"] = "MINT-Projekte für Kitas und Schulen",
        ["opensOn"] = opensOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["closesOn"] = closesOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["budget"] = 10000.00m,
    };

    /// <summary>A valid application of a primary school for a rolling call of <see cref="Fund"/>, starting on <paramref name="start"/>.</summary>
    public static Dictionary<string, object?> Application(DateOnly start, string institution = "Grundschule Am Rhein") => new()
    {
        ["institution"] = new Dictionary<string, object?>
        {
            ["name"] = institution,
            ["type"] = "grundschule",
            ["street"] = "Rheinstraße 12",
            ["postalCode"] = "55411",
            ["city"] = "Bingen am Rhein",
            ["district"] = "Landkreis Mainz-Bingen",
        },
        ["contact"] = new Dictionary<string, object?>
        {
            ["name"] = "Jürgen Weißmüller-O'Neill",
            ["role"] = "Lehrkraft Sachunterricht",
            ["email"] = "j.weissmueller@gs-am-rhein.example",
            ["phone"] = "06721 12345",
        },
        ["project"] = new Dictionary<string, object?>
        {
            ["title"] = "Forscherkiste „Wasser & Strom“ 🔬",
            ["summary"] = "Kinder der 3. und 4. Klassen experimentieren mit Wasserkreislauf und Stromkreisen.\nMit Materialkisten für vier Gruppen.",
            ["mintFields"] = new[] { "naturwissenschaften", "technik" },
            ["educationStages"] = new[] { "primarstufe" },
            ["expectedParticipants"] = 48,
            ["startDate"] = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["endDate"] = start.AddMonths(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        },
        ["budget"] = new Dictionary<string, object?>
        {
            ["lines"] = new[]
            {
                new Dictionary<string, object?> { ["description"] = "Experimentierkästen Strom (4 Stück)", ["amount"] = 259.96m },
                new Dictionary<string, object?> { ["description"] = "Verbrauchsmaterial", ["amount"] = 90.04m },
            },
            ["requestedAmount"] = 300.00m,
            ["ownContribution"] = 50.00m,
        },
        ["bankAccount"] = new Dictionary<string, object?>
        {
            ["accountHolder"] = "Förderverein GS Am Rhein e.V.",
            ["iban"] = "DE02 1203 0000 0000 2020 51",
        },
        ["consents"] = new Dictionary<string, object?>
        {
            ["privacyNoticeVersion"] = "2026-01",
            ["privacyNoticeAccepted"] = true,
            ["publishProject"] = true,
        },
    };

    /// <summary>Sets a nested value, e.g. Set(app, "budget.requestedAmount", 600m).</summary>
    public static Dictionary<string, object?> Set(Dictionary<string, object?> root, string path, object? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = (Dictionary<string, object?>)node[part]!;
        }

        node[parts[^1]] = value;
        return root;
    }
}
