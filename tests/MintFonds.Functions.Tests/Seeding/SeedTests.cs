using MintFonds.Functions.Funds;
using MintFonds.Functions.Seeding;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Seeding;

[Collection(AppCollection.Name)]
public sealed class SeedTests(SharedFixture shared)
{
    [Fact]
    public async Task The_TH_Bingen_fund_and_its_rolling_call_are_seeded_once_and_never_overwritten()
    {
        await using var app = await TestApp.StartAsync(
            shared, settings => settings["Seed:Enabled"] = "true", now: new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var seeder = app.Get<Seeder>();
        await seeder.SeedAsync(CancellationToken.None);
        await seeder.SeedAsync(CancellationToken.None);

        var fund = await app.Get<FundService>().GetAsync("th-bingen", CancellationToken.None);
        Assert.Equal("MINT-Regionalfonds Mainz-Bingen", fund.Value.Name);
        Assert.Equal("Technische Hochschule Bingen", fund.Value.Operator.LegalName);

        var open = await app.CallAsync<PublicCallFunctions>(
            "GET", "/api/funds/th-bingen/calls", (f, r) => f.ListOpenCalls(r, "th-bingen", CancellationToken.None));
        var call = open.Json.GetProperty("calls").EnumerateArray().Single();
        Assert.Equal("laufend", call.GetProperty("id").GetString());
        Assert.True(call.GetProperty("rolling").GetBoolean());

        // The office renames the fund; a restart with seeding on must keep the office's change.
        var renamed = fund.Value with { Name = "MINT-Regionalfonds Mainz-Bingen (umbenannt)" };
        await app.Get<FundTable>().ReplaceAsync(FundTable.Partition, "th-bingen", renamed, fund.ETag, CancellationToken.None);
        await seeder.SeedAsync(CancellationToken.None);
        Assert.Equal(renamed.Name, (await app.Get<FundService>().GetAsync("th-bingen", CancellationToken.None)).Value.Name);
    }

    [Fact]
    public async Task Seeding_is_off_unless_a_setting_asks_for_it()
    {
        await using var app = await TestApp.StartAsync(shared, settings => settings["Seed:File"] = "does-not-exist.json");
        await app.Get<Seeder>().SeedAsync(CancellationToken.None);
    }
}
