using System.Globalization;
using System.Text.Json;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Time;
using MintFonds.Functions.Access;
using MintFonds.Functions.Funds;

namespace MintFonds.Tools.Benchmark;

/// <summary>Realistic inputs (the same shapes as the function tests' samples) and a fund with an open call to send them to.</summary>
internal static class Samples
{
    public const string CallId = "laufend";

    private static readonly string[] MintFields = ["naturwissenschaften", "technik"];
    private static readonly string[] Stages = ["primarstufe"];
    private static readonly string[] EarmarkStages = ["kita", "primarstufe"];
    private static readonly string[] EarmarkDistricts = ["Landkreis Mainz-Bingen"];
    private static readonly string[] Districts = ["Landkreis Mainz-Bingen", "Mainz"];

    private static readonly AdminPrincipal Office = new("00000000-0000-0000-0000-0000000000b1", null, [], IsPlatformAdmin: true);

    /// <summary>A new fund with an open rolling call; each run uses its own, so runs never share counters or caches.</summary>
    public static async Task<string> NewFundAsync(BenchmarkApp app)
    {
        var fundId = "b-" + Guid.NewGuid().ToString("N")[..12];
        var today = BerlinTime.Today(app.Clock);
        await app.Get<FundService>().CreateAsync(Read<FundInput>(Fund(fundId)), Office, CancellationToken.None);
        await app.Get<CallService>().CreateAsync(fundId, Read<CallInput>(Call(today.AddDays(-10))), Office, CancellationToken.None);
        return fundId;
    }

    /// <summary>An application of a distinct school (the yearly cap counts per school), starting after the lead time.</summary>
    public static byte[] Application(DateOnly today, int number) => Json(new
    {
        institution = new
        {
            name = $"Grundschule Nummer {number.ToString(CultureInfo.InvariantCulture)}",
            type = "grundschule",
            street = "Rheinstraße 12",
            postalCode = "55411",
            city = "Bingen am Rhein",
            district = "Landkreis Mainz-Bingen",
        },
        contact = new { name = "Jürgen Weißmüller-O'Neill", role = "Lehrkraft Sachunterricht", email = $"antrag{NextPerson().ToString(CultureInfo.InvariantCulture)}@gs-am-rhein.example", phone = "06721 12345" },
        project = new
        {
            title = "Forscherkiste „Wasser & Strom“ 🔬",
            summary = "Kinder der 3. und 4. Klassen experimentieren mit Wasserkreislauf und Stromkreisen.\nMit Materialkisten für vier Gruppen.",
            mintFields = MintFields,
            educationStages = Stages,
            expectedParticipants = 48,
            startDate = Date(today.AddDays(60)),
            endDate = Date(today.AddDays(150)),
        },
        budget = new
        {
            lines = new object[]
            {
                new { description = "Experimentierkästen Strom (4 Stück)", amount = 259.96m },
                new { description = "Verbrauchsmaterial", amount = 90.04m },
            },
            requestedAmount = 300.00m,
            ownContribution = 50.00m,
        },
        bankAccount = new { accountHolder = "Förderverein GS Am Rhein e.V.", iban = "DE02 1203 0000 0000 2020 51" },
        consents = new { privacyNoticeVersion = "2026-01", privacyNoticeAccepted = true, publishProject = true },
    });

    /// <summary>A yearly pledge of a distinct company (a new sponsor each time, as most pledges are).</summary>
    public static byte[] Pledge(DateOnly today, int number) => Json(new
    {
        sponsor = new
        {
            type = "unternehmen",
            name = $"Rheinhessische Maschinenbau {number.ToString(CultureInfo.InvariantCulture)} GmbH",
            street = "Am Hafen 7",
            postalCode = "55411",
            city = "Bingen am Rhein",
            contactPerson = "Dr. Anna Groß",
            email = $"foerderung{NextPerson().ToString(CultureInfo.InvariantCulture)}@rhm-maschinenbau.example",
        },
        amount = 500.00m,
        schedule = "yearly",
        years = 3,
        firstDueOn = Date(today.AddDays(30)),
        kind = "donation",
        earmark = new { educationStages = EarmarkStages, districts = EarmarkDistricts },
        publicNameConsent = true,
        receiptPreference = "perPayment",
        privacyNoticeVersion = "2026-01",
        privacyNoticeAccepted = true,
    });

    private static object Fund(string id) => new
    {
        id,
        name = "MINT-Regionalfonds Benchmark",
        region = "MINT-Region Mainz-Bingen",
        referencePrefix = "MRF",
        @operator = new
        {
            legalName = "Technische Hochschule Bingen",
            address = new { street = "Berlinstraße 109", postalCode = "55411", city = "Bingen am Rhein" },
            purposeText = "Förderung der Bildung",
            receiptPlace = "Bingen am Rhein",
            machineMadeReceipts = true,
            taxOffice = "Bingen-Alzey",
            procedureNotifiedOn = "2026-01-15",
            signatoryName = "Prof. Dr. Beispiel",
            signatoryFunction = "Präsident",
        },
        bankAccount = new { accountHolder = "Technische Hochschule Bingen", iban = "DE89 3704 0044 0532 0130 00", bic = "COBADEFFXXX", bankName = "Beispielbank" },
        sender = new { email = "fonds@th-bingen.example", name = "MINT-Fonds" },
        sponsoring = new { vatRatePercent = 19, vatId = "DE000000000", serviceDescription = "Nennung als Förderer des MINT-Regionalfonds" },
        contact = new { email = "fonds@th-bingen.example", phone = "+49 6721 409-0", statusPageUrl = "https://mint.example/antragsstatus/" },
        rules = new { maxAmountPerApplication = 500.00m, maxApprovedPerInstitutionPerYear = 3, minLeadTimeDays = 28, districts = Districts },
    };

    private static object Call(DateOnly opensOn) => new
    {
        id = CallId,
        title = "Förderrunde laufend",
        description = "MINT-Projekte für Kitas und Schulen",
        opensOn = Date(opensOn),
        budget = 10000.00m,
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value, MintFondsJson.Api);

    private static T Read<T>(object value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, MintFondsJson.Api), MintFondsJson.Api)!;

    private static int s_people;

    /// <summary>A new person for each submission of the whole run (scenarios repeat their numbers within one hour).</summary>
    public static int NextPerson() => Interlocked.Increment(ref s_people);

    /// <summary>A distinct client address per submission (X-Forwarded-For), as real form users have.</summary>
    public static string ClientAddress(int person) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{(person >> 16) & 255}.{(person >> 8) & 255}.{person & 255}");
}
