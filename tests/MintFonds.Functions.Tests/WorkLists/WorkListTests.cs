using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.WorkLists;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;

namespace MintFonds.Functions.Tests.WorkLists;

[Collection(AppCollection.Name)]
public sealed class WorkListTests(SharedFixture shared)
{
    [Fact]
    public async Task Paging_through_1000_applications_returns_each_exactly_once_and_nothing_of_another_fund()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var seeded = await SeedAsync(app, fundId, 1000);
        // A row of another fund with a reference of this fund's range: never in this fund's list.
        var otherFund = await FundAsync(app);
        await SeedAsync(app, otherFund, 3);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ListAsync(app, fundId, "pageSize=100" + (token is null ? string.Empty : "&continuationToken=" + token));
            Assert.True(page.Status == 200, page.ToString());
            var items = page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()!).ToList();
            Assert.True(items.Count <= 100);
            seen.AddRange(items);
            token = page.Json.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            Assert.True(++pages <= 20, "paging does not end");
        }
        while (token is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seeded.Select(a => a.Reference).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen, seen.Order(StringComparer.Ordinal)); // reference order, oldest first
    }

    [Fact]
    public async Task Each_filter_narrows_to_exactly_the_matching_applications()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var seeded = await SeedAsync(app, fundId, 120);

        async Task Check(string query, Func<Application, bool> expected)
        {
            var listed = await ListAllAsync(app, fundId, query + "&pageSize=7");
            var want = seeded.Where(expected).Select(a => a.Reference).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(want);
            Assert.True(want.Count < seeded.Count, query + " selects everything: not a test of the filter");
            Assert.Equal(want, listed);
        }

        await Check("callId=herbst", a => a.CallId == "herbst");
        await Check("status=inReview", a => a.Status == ApplicationStatus.InReview);
        await Check("stage=kita", a => a.Project.EducationStages.Contains(EducationStage.Kita));
        await Check("mintField=informatik", a => a.Project.MintFields.Contains(MintField.Informatik));
        await Check("institutionType=hochschule", a => a.Institution.Type == InstitutionType.Hochschule);
        await Check("district=landkreis%20alzey-worms", a => a.Institution.District == "Landkreis Alzey-Worms");
        await Check("submittedFrom=2026-03-01&submittedTo=2026-03-31", a => a.SubmittedAt >= new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero) && a.SubmittedAt < new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero));
        await Check("q=gymnasium", a => a.Institution.Name.Contains("Gymnasium", StringComparison.Ordinal));
        await Check("q=" + seeded[17].Reference.ToLowerInvariant(), a => a.Reference == seeded[17].Reference);
        await Check("stage=kita&mintField=informatik&status=submitted", a =>
            a.Project.EducationStages.Contains(EducationStage.Kita) && a.Project.MintFields.Contains(MintField.Informatik) && a.Status == ApplicationStatus.Submitted);

        var bad = await ListAsync(app, fundId, "status=genehmigt");
        Assert.Equal(400, bad.Status);
        Assert.Equal(400, (await ListAsync(app, fundId, "sort=-submittedAt")).Status);
        Assert.Equal(400, (await ListAsync(app, fundId, "continuationToken=abc")).Status);
    }

    [Fact]
    public async Task The_csv_opens_in_German_Excel_neutralises_formulas_and_says_it_holds_personal_data()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var seeded = await SeedAsync(app, fundId, 6, (a, i) => i switch
        {
            0 => a with { Institution = a.Institution with { Name = "=HYPERLINK(\"http://evil.example\";\"Klick\")" } },
            1 => a with { Project = a.Project with { Title = "+49 Experimente" } },
            2 => a with { Contact = a.Contact with { Name = "-Max Müßig" } },
            3 => a with { Institution = a.Institution with { Name = "@SUMME(A1:A2)" } },
            4 => a with { Project = a.Project with { Title = "\tTabulator" } },
            _ => a with { Institution = a.Institution with { Name = "Grundschule Ötztal-Süd; Bingen" }, Budget = a.Budget with { RequestedAmount = Euro.FromDecimal(1234.5m) } },
        });

        var response = await app.CallAsync<WorkListFunctions>(
            "GET", $"/api/manage/funds/{fundId}/applications.csv", (f, r) => f.ExportApplications(r, fundId, CancellationToken.None), token: app.PlatformAdminToken);
        Assert.True(response.Status == 200, response.ToString());
        Assert.StartsWith("text/csv", response.ContentType, StringComparison.Ordinal);
        Assert.Matches($"attachment; filename=\"antraege-{fundId}-2026-11-26-personenbezogen.csv\"", response.Header("Content-Disposition"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, response.Bytes[..3]);
        var text = new UTF8Encoding(false).GetString(response.Bytes[3..]);
        Assert.StartsWith("#Enthält personenbezogene Daten", text, StringComparison.Ordinal);

        using var csv = CsvReader.Create(response.Bytes, new CsvReaderOptions { Separator = ';', CommentPrefix = '#', HasHeader = true });
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(WorkListCsv.Header.ToDictionary(h => h, h => csv.GetString(h)));
        }

        Assert.Equal(seeded.Count, rows.Count);
        var byReference = rows.ToDictionary(r => r["Aktenzeichen"]);
        string Cell(int i, string column) => byReference[seeded[i].Reference][column];
        Assert.Equal("'=HYPERLINK(\"http://evil.example\";\"Klick\")", Cell(0, "Einrichtung"));
        Assert.Equal("'+49 Experimente", Cell(1, "Projekt"));
        Assert.Equal("'-Max Müßig", Cell(2, "Ansprechperson"));
        Assert.Equal("'@SUMME(A1:A2)", Cell(3, "Einrichtung"));
        Assert.Equal("'\tTabulator", Cell(4, "Projekt"));
        Assert.Equal("Grundschule Ötztal-Süd; Bingen", Cell(5, "Einrichtung"));
        Assert.Equal("1234,50", Cell(5, "Beantragt (EUR)"));
        Assert.Equal(1234.5m, decimal.Parse(Cell(5, "Beantragt (EUR)"), NumberStyles.Number, CultureInfo.GetCultureInfo("de-DE")));
        Assert.Equal(seeded[5].SubmittedAt.ToOffset(TimeSpan.FromHours(1)).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), Cell(5, "Eingereicht am"));
        Assert.Matches(@"^\d{2}\.\d{2}\.\d{4}$", Cell(0, "Eingereicht am"));
        Assert.Equal("Stadt Mainz", Cell(5, "Kreis/Bezirk"));

        // The same filter as the list.
        var filtered = await app.CallAsync<WorkListFunctions>(
            "GET", $"/api/manage/funds/{fundId}/applications.csv?q={Uri.EscapeDataString(seeded[5].Reference)}", (f, r) => f.ExportApplications(r, fundId, CancellationToken.None), token: app.PlatformAdminToken);
        Assert.Equal(3, filtered.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task The_csv_is_for_the_office_only_while_any_role_of_the_fund_reads_the_list()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        await SeedAsync(app, fundId, 2);
        var (_, board) = await BoardMemberAsync(app, fundId);

        var export = await app.CallAsync<WorkListFunctions>(
            "GET", $"/api/manage/funds/{fundId}/applications.csv", (f, r) => f.ExportApplications(r, fundId, CancellationToken.None), token: board);
        Assert.Equal(403, export.Status);
        var list = await ListAsync(app, fundId, string.Empty, board);
        Assert.True(list.Status == 200, list.ToString());
        Assert.Equal(2, list.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(401, (await ListAsync(app, fundId, string.Empty, token: string.Empty)).Status);
    }

    [Fact]
    public async Task The_detail_view_shows_timeline_assessment_decision_allocations_and_audit_entries()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        await PayAsync(app, fundId, await PledgeAsync(app, fundId), 1_000m);
        var (_, board) = await BoardMemberAsync(app, fundId);
        var reference = await ReadyForBoardAsync(app, fundId, granted: 250m);
        Assert.Equal(200, (await VoteAsync(app, fundId, reference, board)).Status);

        var detail = await app.CallAsync<WorkListFunctions>(
            "GET", $"/api/manage/funds/{fundId}/applications/{reference}", (f, r) => f.GetApplicationDetail(r, fundId, reference, CancellationToken.None), token: board);
        Assert.True(detail.Status == 200, detail.ToString());
        var application = detail.Json.GetProperty("application");
        var timeline = application.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()!).ToList();
        Assert.Equal("submitted", timeline[0]);
        Assert.Equal("approved", timeline[^1]);
        Assert.Contains("inReview", timeline);
        Assert.Contains("readyForBoard", timeline);
        Assert.Equal(1, application.GetProperty("assessments").GetArrayLength());
        Assert.Equal("approved", application.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Equal(250m, application.GetProperty("decision").GetProperty("grantedAmount").GetDecimal());
        Assert.False(application.TryGetProperty("statusTokenHash", out _));
        var funding = detail.Json.GetProperty("funding");
        Assert.Equal(250m, funding.GetProperty("allocated").GetDecimal());
        Assert.Equal(250m, funding.GetProperty("sources").EnumerateArray().Sum(s => s.GetProperty("amount").GetDecimal()));
        var audit = detail.Json.GetProperty("audit").EnumerateArray().ToList();
        Assert.True(audit.Count >= 3, detail.Body);
        Assert.All(audit, e => Assert.Equal($"application/{reference}", e.GetProperty("target").GetString()));

        var missing = await app.CallAsync<WorkListFunctions>(
            "GET", $"/api/manage/funds/{fundId}/applications/MRF-2026-9999", (f, r) => f.GetApplicationDetail(r, fundId, "MRF-2026-9999", CancellationToken.None), token: board);
        Assert.Equal(404, missing.Status);
    }

    private static Task<TestResponse> ListAsync(TestApp app, string fundId, string query, string? token = null) =>
        app.CallAsync<WorkListFunctions>(
            "GET",
            $"/api/manage/funds/{fundId}/applications" + (query.Length == 0 ? string.Empty : "?" + query),
            (f, r) => f.ListApplications(r, fundId, CancellationToken.None),
            token: token is null ? app.PlatformAdminToken : token.Length == 0 ? null : token);

    private static async Task<List<string>> ListAllAsync(TestApp app, string fundId, string query)
    {
        var all = new List<string>();
        string? token = null;
        do
        {
            var page = await ListAsync(app, fundId, query + (token is null ? string.Empty : "&continuationToken=" + token));
            Assert.True(page.Status == 200, page.ToString());
            all.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()!));
            token = page.Json.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        return all;
    }

    /// <summary>
    /// One application through the real submission, then <paramref name="count"/> varied copies written straight
    /// through <see cref="ApplicationRows.ApplicationEntity"/> in transactions of 100 (the submission's own row code,
    /// without 1,000 HTTP round trips). The submitted template is deleted so the fund holds exactly the copies.
    /// </summary>
    private static async Task<List<Application>> SeedAsync(TestApp app, string fundId, int count, Func<Application, int, Application>? adjust = null)
    {
        var templateReference = await SubmitAsync(app, fundId);
        var store = app.Get<ApplicationStore>();
        var (template, _) = await store.GetAsync(fundId, templateReference, CancellationToken.None);
        var table = app.Storage.Table(TableNames.Applications);
        await table.DeleteEntityAsync(fundId, ApplicationRows.ApplicationKey(templateReference));
        var prefix = templateReference[..templateReference.IndexOf('-', StringComparison.Ordinal)];
        string[] districts = ["Landkreis Mainz-Bingen", "Landkreis Alzey-Worms", "Stadt Mainz"];
        string[] names = ["Grundschule Am Rhein", "Kita Sonnenschein", "Gymnasium am Römerberg", "TH Bingen", "Realschule plus Ingelheim"];
        var statuses = Enum.GetValues<ApplicationStatus>();
        var stages = Enum.GetValues<EducationStage>();
        var fields = Enum.GetValues<MintField>();
        var types = Enum.GetValues<InstitutionType>();

        var seeded = new List<Application>();
        for (var i = 0; i < count; i++)
        {
            var application = template with
            {
                Reference = ApplicationReference.Format(prefix, 2026, 10 + i),
                CallId = i % 3 == 0 ? "herbst" : template.CallId,
                Status = statuses[i % statuses.Length],
                Institution = template.Institution with { Name = $"{names[i % names.Length]} {i}", Type = types[i % types.Length], District = districts[i % districts.Length] },
                Project = template.Project with { EducationStages = [stages[i % stages.Length], stages[(i / 2) % stages.Length]], MintFields = [fields[i % fields.Length]] },
                SubmittedAt = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero).AddHours(i * 37 % 8000),
                StatusTokenHash = null,
            };
            seeded.Add(adjust is null ? application : adjust(application, i));
        }

        foreach (var chunk in seeded.Chunk(PartitionBatch.MaxActions))
        {
            var batch = new PartitionBatch(fundId);
            foreach (var application in chunk)
            {
                batch.Add(ApplicationRows.ApplicationEntity(application));
            }

            await batch.SubmitAsync(table, CancellationToken.None);
        }

        return seeded;
    }
}
