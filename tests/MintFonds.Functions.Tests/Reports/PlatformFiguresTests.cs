using System.Text.Json;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Reports;

/// <summary>
/// The state-wide view for the state's MINT office (platform observer role): per fund and summed over all funds, the
/// sums equal the per-fund sums to the cent, as JSON and CSV, without personal data; other roles are refused.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PlatformFiguresTests(SharedFixture shared)
{
    private const string ObserverRole = "MintFonds.PlatformObserver";

    [Fact]
    public async Task The_state_wide_sums_equal_the_sums_of_the_funds_and_name_nobody()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var first = await HistoryAsync(app);
        var second = await HistoryAsync(app);
        var third = await PledgeAsync(app, second.FundId, "Dritte Förderin GmbH", consent: false, stages: ["primarstufe"]);
        await PayAsync(app, second.FundId, third, 300m);
        await GrantAsync(app, second.FundId, "Programmier-AG", publish: true, institution: "Grundschule Im Tal", amount: 250.50m);

        var observer = app.Tokens.For(TestData.NewPrincipalId(), [ObserverRole], now: app.Time.GetUtcNow().UtcDateTime);
        var response = await GetAsync(app, "/api/manage/platform/figures?year=2026", observer);
        Assert.True(response.Status == 200, response.ToString());
        var funds = response.Json.GetProperty("funds").EnumerateArray().ToList();
        var total = response.Json.GetProperty("total");
        var ours = funds.Where(f => f.GetProperty("fundId").GetString() is { } id && (id == first.FundId || id == second.FundId)).ToList();
        Assert.Equal(2, ours.Count);
        Assert.Equal(850.50m, ours.Single(f => f.GetProperty("fundId").GetString() == second.FundId).GetProperty("figures").GetProperty("granted").GetDecimal());

        // Every figure of the total is the sum over all funds of the deployment (other tests' funds included).
        foreach (var name in new[] { "applications", "approvals", "institutionsReached", "participantsReached" })
        {
            Assert.Equal(funds.Sum(f => f.GetProperty("figures").GetProperty(name).GetInt64()), total.GetProperty(name).GetInt64());
        }

        foreach (var name in new[] { "raised", "granted", "paidOut", "repaid" })
        {
            Assert.Equal(funds.Sum(f => f.GetProperty("figures").GetProperty(name).GetDecimal()), total.GetProperty(name).GetDecimal());
        }

        for (var i = 0; i < total.GetProperty("byEducationStage").GetArrayLength(); i++)
        {
            Assert.Equal(
                funds.Sum(f => f.GetProperty("figures").GetProperty("byEducationStage")[i].GetProperty("granted").GetDecimal()),
                total.GetProperty("byEducationStage")[i].GetProperty("granted").GetDecimal());
        }

        foreach (var secret in new[] { NamedSponsor, UnnamedSponsor, "Dritte", ContactName, "@", "DE02", PublishedTitle })
        {
            Assert.DoesNotContain(secret, response.Body, StringComparison.Ordinal);
        }

        var csv = await GetAsync(app, "/api/manage/platform/figures.csv?year=2026", observer);
        Assert.Equal(200, csv.Status);
        var lines = csv.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("year;fundId;name;region;applications;approvals;raised;granted;paidOut", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("2026;" + second.FundId + ";", StringComparison.Ordinal) && l.Contains(";850.50;", StringComparison.Ordinal));
        Assert.StartsWith("2026;total;", lines[^1], StringComparison.Ordinal);
        Assert.Equal(funds.Count + 2, lines.Length);
    }

    [Fact]
    public async Task Only_the_observer_and_platform_administrators_read_it_and_a_bad_year_is_a_400()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        Assert.Equal(401, (await GetAsync(app, "/api/manage/platform/figures", null)).Status);
        Assert.Equal(403, (await GetAsync(app, "/api/manage/platform/figures", app.TokenFor(TestData.NewPrincipalId()))).Status);
        Assert.Equal(200, (await GetAsync(app, "/api/manage/platform/figures", app.PlatformAdminToken)).Status);
        var bad = await GetAsync(app, "/api/manage/platform/figures?year=20x6", app.PlatformAdminToken);
        Assert.Equal(400, bad.Status);
        Assert.Contains("year", bad.ProblemFields);
        Assert.Equal(400, (await GetAsync(app, "/api/manage/platform/figures.csv?year=2999", app.PlatformAdminToken)).Status);
    }

    private static Task<TestResponse> GetAsync(TestApp app, string path, string? token) =>
        path.Contains(".csv", StringComparison.Ordinal)
            ? app.CallAsync<FigureFunctions>("GET", path, (f, r) => f.GetPlatformFiguresCsv(r, CancellationToken.None), contentType: null, token: token)
            : app.CallAsync<FigureFunctions>("GET", path, (f, r) => f.GetPlatformFigures(r, CancellationToken.None), contentType: null, token: token);
}
