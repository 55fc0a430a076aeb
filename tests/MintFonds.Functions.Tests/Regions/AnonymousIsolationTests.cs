using System.Text.Json;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Transparency;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Decisions;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Pledges;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// Two funds on one deployment never reach each other's data through the anonymous routes either (the admin routes:
/// <see cref="NewRegionTests"/>): fund A's application with its valid status token is unknown under fund B's id
/// (read and withdrawal 404, nothing changed), B's logo route never serves A's logo, B's transparency figures never
/// count A's grants or name A's sponsors, and a payment to B quoting A's pledge reference stays unmatched in B.
/// Both funds use the same reference prefix, so their references collide on purpose.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AnonymousIsolationTests(SharedFixture shared)
{
    [Fact]
    public async Task Fund_Bs_anonymous_routes_never_reach_fund_As_applications_logo_figures_or_pledges()
    {
        await using var app = await TestApp.StartAsync(shared, LogoKit.UseFormsBase, now: Now);
        var a = await HistoryAsync(app); // fund A: two sponsors, two approved grants (one published)
        var b = await ApplicationTestKit.FundWithOpenCallAsync(app);

        // Status token of an application in each fund (taken from the e-mails, as an applicant has it).
        var referenceA = await DecisionTestKit.SubmitAsync(app, a.FundId);
        var tokenA = await ApplicationTestKit.TokenFromEmailAsync(app, a.FundId, referenceA);
        // B's numbering runs on its own: B files until its reference equals A's (same prefix, both funds' own counters).
        var referenceB = string.Empty;
        for (var school = 1; referenceB != referenceA && school <= 5; school++)
        {
            referenceB = await DecisionTestKit.SubmitAsync(app, b, $"Grundschule B{school}");
        }

        Assert.Equal(referenceA, referenceB);
        var tokenB = await ApplicationTestKit.TokenFromEmailAsync(app, b, referenceB);
        var rowsOfB = await RowStampsAsync(app, b);
        var rowsOfA = await RowStampsAsync(app, a.FundId);

        Assert.Equal(404, (await ApplicationTestKit.StatusAsync(app, b, referenceA, tokenA)).Status);
        Assert.Equal(404, (await ApplicationTestKit.WithdrawAsync(app, b, referenceA, tokenA)).Status);

        Assert.Equal(404, (await ApplicationTestKit.StatusAsync(app, a.FundId, referenceA, tokenB)).Status);
        Assert.Equal(rowsOfB, await RowStampsAsync(app, b));
        Assert.Equal(rowsOfA, await RowStampsAsync(app, a.FundId));
        var own = await ApplicationTestKit.StatusAsync(app, a.FundId, referenceA, tokenA);
        Assert.True(own.Status == 200, own.ToString());
        Assert.Equal(200, (await ApplicationTestKit.StatusAsync(app, b, referenceB, tokenB)).Status);

        // Logos: B without one answers 404, never A's; with its own, B serves only its own, whatever is asked.
        var logoA = LogoKit.Png(red: 0x10);
        var logoB = LogoKit.Png(red: 0x20);
        var uploadedA = await LogoKit.UploadAsync(app, a.FundId, logoA);
        Assert.Equal(200, uploadedA.Status);
        var versionA = uploadedA.Json.GetProperty("sha256").GetString()![..16];
        Assert.Equal(404, (await LogoKit.GetAsync(app, b, "?v=" + versionA)).Status);
        Assert.Equal(200, (await LogoKit.UploadAsync(app, b, logoB)).Status);
        var etagA = (await LogoKit.GetAsync(app, a.FundId)).Header("ETag")!;
        var servedByB = await LogoKit.GetAsync(app, b, "?v=" + versionA, new Dictionary<string, string> { ["If-None-Match"] = etagA });
        Assert.Equal(200, servedByB.Status);
        Assert.Equal(logoB, servedByB.Bytes);
        Assert.Equal("public, max-age=300", servedByB.Header("Cache-Control")); // A's version is no version of B's logo
        Assert.Equal(logoA, (await LogoKit.GetAsync(app, a.FundId)).Bytes);

        // Transparency: B's figures count B's own applications and nothing of A's grants or sponsors.
        await app.Get<FigureFold>().FoldFundAsync(a.FundId, CancellationToken.None);
        await app.Get<FigureFold>().FoldFundAsync(b, CancellationToken.None);
        var figuresOfA = await TransparencyAsync(app, a.FundId);
        var figuresOfB = await TransparencyAsync(app, b);
        Assert.Equal(600.00m, figuresOfA.RootElement.GetProperty("allTime").GetProperty("granted").GetDecimal());
        var allTimeOfB = figuresOfB.RootElement.GetProperty("allTime");
        Assert.Equal(0m, allTimeOfB.GetProperty("granted").GetDecimal());
        Assert.Equal(3, allTimeOfB.GetProperty("applications").GetInt32()); // B's own three
        Assert.Equal(0m, allTimeOfB.GetProperty("raised").GetDecimal());
        Assert.Equal(0, allTimeOfB.GetProperty("approvals").GetInt32());
        Assert.Empty(figuresOfB.RootElement.GetProperty("sponsors").EnumerateArray());
        Assert.Empty(figuresOfB.RootElement.GetProperty("publishedProjects").EnumerateArray());

        // A payment to B quoting A's pledge reference (its next instalment) matches nothing in B; A's money is untouched.
        var payment = await PledgeTestKit.RecordPaymentAsync(app, b, 600m, "BANK-" + Guid.NewGuid(), a.PledgeA + "-2");
        Assert.True(payment.Status == 201, payment.ToString());
        Assert.False(payment.Json.TryGetProperty("match", out var match) && match.ValueKind != JsonValueKind.Null, payment.Body);
        await app.Get<FigureFold>().FoldFundAsync(a.FundId, CancellationToken.None);
        Assert.Equal(1000.00m, (await TransparencyAsync(app, a.FundId)).RootElement.GetProperty("allTime").GetProperty("raised").GetDecimal());
    }

    /// <summary>Every row of the fund's Applications partition with its ETag: any change, anywhere, shows.</summary>
    private static async Task<List<string>> RowStampsAsync(TestApp app, string fundId) =>
        [.. (await ApplicationTestKit.RowsAsync(app, fundId)).Select(r => $"{r.RowKey} {r.ETag}").Order(StringComparer.Ordinal)];

    private static async Task<JsonDocument> TransparencyAsync(TestApp app, string fundId)
    {
        var response = await app.CallAsync<TransparencyFunctions>(
            "GET", $"/api/funds/{fundId}/transparency", (f, r) => f.GetTransparency(r, fundId, CancellationToken.None), contentType: null);
        Assert.True(response.Status == 200, response.ToString());
        return JsonDocument.Parse(response.Body);
    }
}
