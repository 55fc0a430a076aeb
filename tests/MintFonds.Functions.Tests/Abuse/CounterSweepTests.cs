using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Abuse.AbuseTestKit;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// Counter rows do not pile up: the daily sweep removes past windows, old quota days and expired challenge marks by one
/// key range per kind, keeps what is still read (this hour's windows, yesterday's quota, live challenges) and the
/// challenges' signing key. Its own Azurite: a sweep removes whatever is old, and other tests' clocks are older.
/// </summary>
public sealed class CounterSweepTests(SharedFixture own) : IClassFixture<SharedFixture>
{
    [Fact]
    public async Task The_sweep_removes_expired_counters_keeps_live_ones_and_reads_only_what_it_removes()
    {
        await using var app = await StartAsync(own, hour: 0);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(201, (await SubmitAsync(app, fundId, Application(i, $"sweep{i}@schule.example"), $"198.51.100.{i}")).Status);
        }

        await StatusAsync(app, fundId, "MRF-2026-0001", "198.51.100.9");
        var written = await CountersAsync(app);
        Assert.Contains(written, r => r.StartsWith(AnonymousLimits.Submissions + "|", StringComparison.Ordinal));
        Assert.Contains(written, r => r.StartsWith(AnonymousLimits.StatusChecks + "|", StringComparison.Ordinal));
        Assert.Contains(written, r => r.StartsWith(ConfirmationQuota.Series + "|", StringComparison.Ordinal));
        Assert.Contains(written, r => r.StartsWith(ChallengeClaims.Series + "|", StringComparison.Ordinal));

        // Within the hour nothing is old yet.
        var sweep = app.Get<CounterSweepFunctions>();
        await sweep.SweepCounters(new TimerInfo(), CancellationToken.None);
        Assert.Equal(written, await CountersAsync(app));

        // Three hours later the windows are gone; the quota rows and the challenges' marks (valid for 24 hours) stay.
        app.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(written.Count(r => r.StartsWith("anonymous-", StringComparison.Ordinal)), await app.Get<CounterSweep>().RunAsync(CancellationToken.None));
        var later = await CountersAsync(app);
        Assert.DoesNotContain(later, r => r.StartsWith("anonymous-", StringComparison.Ordinal));
        Assert.Contains(later, r => r.StartsWith(ConfirmationQuota.Series + "|", StringComparison.Ordinal));
        Assert.Contains(later, r => r.StartsWith(ChallengeClaims.Series + "|", StringComparison.Ordinal));

        // Four days later only the signing key of the form challenges is left; a second run finds nothing to read.
        app.Time.Advance(TimeSpan.FromDays(4));
        await sweep.SweepCounters(new TimerInfo(), CancellationToken.None);
        Assert.Equal(["keys/form-challenge-v1"], await CountersAsync(app));
        Assert.Equal(0, await app.Get<CounterSweep>().RunAsync(CancellationToken.None));
    }

    private static async Task<List<string>> CountersAsync(TestApp app) =>
        [.. (await AllRowsAsync(app, TableNames.Counters)).Select(r => $"{r.PartitionKey}/{r.RowKey}").Order(StringComparer.Ordinal)];
}
