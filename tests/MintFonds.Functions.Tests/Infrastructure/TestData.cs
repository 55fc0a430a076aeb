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
        },
        ["bankAccount"] = new Dictionary<string, object?>
        {
            ["accountHolder"] = "Technische Hochschule Bingen",
            ["iban"] = "DE89 3704 0044 0532 0130 00",
            ["bic"] = "COBADEFFXXX",
            ["bankName"] = "Beispielbank",
        },
        ["sender"] = new Dictionary<string, object?> { ["email"] = "fonds@th-bingen.example", ["name"] = "MINT-Fonds" },
        ["contact"] = new Dictionary<string, object?> { ["email"] = "fonds@th-bingen.example", ["phone"] = "+49 6721 409-0" },
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
}
