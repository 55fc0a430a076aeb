using MintFonds.Core.Money;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;

namespace MintFonds.Functions.Tests.Decisions;

[Collection(AppCollection.Name)]
public sealed class ViewsTests(SharedFixture shared)
{
    [Theory]
    [InlineData(7)]
    [InlineData(2027)]
    public async Task Balance_sponsor_statements_and_grant_views_add_up_to_the_cent_over_a_random_history(int seed)
    {
        var random = new Random(seed);
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var (_, board) = await BoardMemberAsync(app, fundId);
        var pledges = new List<string>
        {
            await PledgeAsync(app, fundId, sponsor: "Stiftung A"),
            await PledgeAsync(app, fundId, stages: ["sekundarstufeI"], sponsor: "Firma B"),
            await PledgeAsync(app, fundId, kind: "sponsoring", sponsor: "Firma C"),
            await PledgeAsync(app, fundId, stages: ["primarstufe"], sponsor: "Verein D"),
        };
        var payments = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            payments.Add(await PayAsync(app, fundId, pledges[random.Next(pledges.Count)], random.Next(5_000, 40_000) / 100m, $"2026-{random.Next(1, 11):D2}-{random.Next(1, 28):D2}"));
        }

        var references = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var reference = await ReadyForBoardAsync(app, fundId, $"Schule {i}", random.Next(1_000, 30_000) / 100m);
            if ((await VoteAsync(app, fundId, reference, board)).Status == 200)
            {
                references.Add(reference);
            }
        }

        Assert.NotEmpty(references);
        foreach (var reference in references.Where(_ => random.Next(3) == 0))
        {
            Assert.Equal(200, (await ActAsync(app, fundId, reference, "payouts", new Dictionary<string, object?> { ["amount"] = 10m, ["bankReference"] = "OUT-" + reference })).Status);
            Assert.Equal(200, (await ActAsync(app, fundId, reference, "repayments", new Dictionary<string, object?> { ["amount"] = 2.34m, ["bankReference"] = "BACK-" + reference })).Status);
        }

        foreach (var reference in references.Where(_ => random.Next(4) == 0))
        {
            await ActAsync(app, fundId, reference, "repayments", new Dictionary<string, object?> { ["amount"] = 7.66m, ["bankReference"] = "BACK2-" + reference });
            Assert.Equal(200, (await ActAsync(app, fundId, reference, "renounce", new Dictionary<string, object?> { ["reason"] = "Verzicht." })).Status);
        }

        var views = app.Get<LedgerViews>();
        var balance = await views.BalanceAsync(fundId, CancellationToken.None);
        var sponsors = new List<SponsorStatement>();
        var sponsorIds = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in app.Storage.Table(Storage.TableNames.Ledger).QueryAsync<Azure.Data.Tables.TableEntity>(LedgerRows.Range(fundId, LedgerRows.MoneyPrefix)))
        {
            sponsorIds.Add(row.GetString("SponsorId"));
        }

        foreach (var sponsorId in sponsorIds)
        {
            sponsors.Add(await views.SponsorAsync(fundId, sponsorId, CancellationToken.None));
        }

        var grants = new List<GrantFunding>();
        foreach (var reference in references)
        {
            grants.Add(await views.GrantAsync(fundId, reference, CancellationToken.None));
        }

        static Euro Sum<T>(IEnumerable<T> items, Func<T, Euro> amount) => items.Aggregate(Euro.Zero, (s, x) => s + amount(x));

        Assert.Equal(balance.PaidIn, balance.Allocated + balance.Available);
        Assert.Equal(balance.PaidIn, Sum(sponsors, s => s.PaidIn));
        Assert.Equal(balance.Allocated, Sum(sponsors, s => s.Allocated));
        Assert.Equal(balance.Allocated, Sum(grants, g => g.Allocated));
        Assert.Equal(balance.Available, Sum(sponsors, s => s.Available));
        Assert.Equal(balance.PaidIn, Sum(balance.ByEarmark, l => l.PaidIn));
        Assert.Equal(balance.Available, Sum(balance.ByEarmark, l => l.Available));
        Assert.Equal(payments.Count, sponsors.Sum(s => s.Payments.Count));
        Assert.All(sponsors.SelectMany(s => s.Payments), p =>
        {
            Assert.Equal(p.Amount, p.Allocated + p.Available);
            Assert.False(p.Available.IsNegative);
        });
        Assert.All(grants, g => Assert.Equal(g.Allocated, Sum(g.Sources, s => s.Amount)));

        // Each payment's grants, seen from the sponsor, are exactly the grants' sources seen from the grant.
        var fromSponsors = sponsors.SelectMany(s => s.Payments.SelectMany(p => p.Grants.Select(g => $"{p.PaymentId}>{g.Reference}={g.Amount}"))).Order(StringComparer.Ordinal);
        var fromGrants = grants.SelectMany(g => g.Sources.Select(s => $"{s.PaymentId}>{g.Reference}={s.Amount}")).Order(StringComparer.Ordinal);
        Assert.Equal(fromGrants, fromSponsors);
        Assert.All(sponsors.SelectMany(s => s.Payments).SelectMany(p => p.Grants), g => Assert.NotNull(g.ProjectTitle)); // the test applicants consented
    }
}
