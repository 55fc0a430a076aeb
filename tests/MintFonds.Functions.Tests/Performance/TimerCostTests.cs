using System.Reflection;
using Xunit.Abstractions;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Contract;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Pledges;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Performance;

/// <summary>
/// No timer pays for history (issue 13, point 4). Every timer the host will run — taken from the built
/// functions.metadata, so a new timer is measured without being listed here — runs once to settle (doing whatever work
/// is due), then once measured; then the fund's history grows by twenty times (applications, pledges and matched
/// payments written earlier, all of them finished business) and the same two runs repeat. Each timer must send the same
/// requests and read the same rows both times, and scan nothing. Its own Azurite, so no other test's funds take part.
/// </summary>
public sealed class TimerCostTests(SharedFixture own, ITestOutputHelper output) : IClassFixture<SharedFixture>
{
    /// <summary>Timers whose job is to read everything, with the reason; everything else must not grow with history.</summary>
    private static readonly Dictionary<string, string> ReadEverythingByDesign = new(StringComparer.Ordinal)
    {
        ["BackUpTables"] = "a backup copies every row of the tables that hold money and audit data",
    };

    private static readonly DateTimeOffset HistoryTime = Now;
    private static readonly DateTimeOffset RunTime = Now.AddDays(10);

    [Fact]
    public async Task Every_timer_reads_the_same_rows_with_a_short_and_a_long_history()
    {
        var timers = FunctionsMetadata.Load().Where(f => f.Trigger == "timerTrigger" && !ReadEverythingByDesign.ContainsKey(f.Name)).ToList();
        Assert.NotEmpty(timers);

        await using var history = await TestApp.StartAsync(own, now: HistoryTime);
        var fundId = await FundWithOpenCallAsync(history);
        await using var measured = await MeasuredApp.StartAsync(own, RunTime);

        var runs = new Dictionary<string, List<StorageCounts>>(StringComparer.Ordinal);
        var written = 0;
        foreach (var size in new[] { 3, 60 })
        {
            for (; written < size; written++)
            {
                Assert.Equal(201, (await SubmitAsync(history, fundId, TestData.Application(Start, $"Schule {written}"))).Status);
                var pledge = await PledgeTestKit.SubmitAsync(history, fundId, PledgeTestKit.Pledge(name: $"Firma {written}", email: $"f{written}@firma.example"));
                Assert.Equal(201, pledge.Status);
                var remittance = pledge.Json.GetProperty("instalments")[0].GetProperty("remittanceReference").GetString();
                Assert.Equal(201, (await PledgeTestKit.RecordPaymentAsync(history, fundId, 100m, $"BANK-{written}", remittance, "2026-11-20")).Status);
            }

            await QueueProbe.TakeNotificationsAsync(own.Azurite.ConnectionString, QueueNames.Notifications, fundId);
            foreach (var timer in timers)
            {
                await RunAsync(measured.App, timer);
                var counts = await measured.CountAsync(() => RunAsync(measured.App, timer));
                runs.TryAdd(timer.Name, []);
                runs[timer.Name].Add(counts);
            }
        }

        foreach (var timer in timers)
        {
            output.WriteLine($"{timer.Name}: {IntakeCostTests.Describe(runs[timer.Name][0])} (rows {runs[timer.Name][0].Rows}) | {IntakeCostTests.Describe(runs[timer.Name][1])} (rows {runs[timer.Name][1].Rows})");
        }

        Assert.All(timers, timer =>
        {
            var (short_, long_) = (runs[timer.Name][0], runs[timer.Name][1]);
            Assert.True(Shape(short_).SequenceEqual(Shape(long_)), $"{timer.Name}: {IntakeCostTests.Describe(short_)} | {IntakeCostTests.Describe(long_)}");
            Assert.Equal(0, long_.Scans);
        });
    }

    /// <summary>Invokes the timer's method as the host would: the function class from DI, a TimerInfo, a token.</summary>
    private static async Task RunAsync(TestApp app, FunctionBinding timer)
    {
        var at = timer.EntryPoint.LastIndexOf('.');
        var type = typeof(Program).Assembly.GetType(timer.EntryPoint[..at], throwOnError: true)!;
        var method = type.GetMethod(timer.EntryPoint[(at + 1)..], BindingFlags.Public | BindingFlags.Instance)!;
        var instance = app.Services.GetService(type) ?? throw new InvalidOperationException($"{type.Name} is not registered");
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(TimerInfo) ? new TimerInfo()
            : p.ParameterType == typeof(CancellationToken) ? (object)CancellationToken.None
            : throw new InvalidOperationException($"{timer.Name}: a timer parameter of type {p.ParameterType.Name} the test cannot supply")).ToArray();
        await (Task)method.Invoke(instance, arguments)!;
    }

    // The list of funds is a design key (one partition, grows with funds, not with history): left out of the comparison.
    private static List<(string Operation, long Requests, long Rows)> Shape(StorageCounts counts) =>
        [.. counts.Operations.Where(o => !o.Operation.StartsWith("table Funds", StringComparison.Ordinal)).Select(o => (o.Operation, o.Requests, o.Rows))];
}
