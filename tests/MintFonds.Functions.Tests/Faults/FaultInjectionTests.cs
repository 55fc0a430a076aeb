using System.Globalization;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Core.Applications;
using MintFonds.Core.Json;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using Xunit.Abstractions;
using NotificationTemplates = MintFonds.Core.Notifications.NotificationTemplates;

namespace MintFonds.Functions.Tests.Faults;

/// <summary>
/// The app against storage that fails the way Azure storage does (<see cref="FaultInjectionPolicy"/>: 503/500 before
/// the request, answers lost after a committed write, late answers) at a fixed seed, with queue messages delivered as the
/// host delivers them (<see cref="QueueHost"/>). Each scenario checks the outcome against Azurite directly and prints
/// <c>faults: injected=N lost=0 duplicated=0 gaps=0 leaked5xx=0</c>. CI runs this short version; set
/// <c>MINTFONDS_FAULT_SCALE</c> (e.g. 10) for a long run (see the README).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FaultInjectionTests(SharedFixture shared, ITestOutputHelper output) : IDisposable
{
    private const double Rate = 0.15;
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("MINTFONDS_FAULT_SCALE"), out var scale) && scale > 0 ? scale : 1;

    [Fact]
    public async Task Submissions_retried_by_their_clients_are_each_stored_once_with_gapless_references_and_mailed_once()
    {
        var faults = new FaultInjectionPolicy(seed: 4711, Rate);
        await using var app = await StartAsync(faults);
        var fundId = await Applications.ApplicationTestKit.FundWithOpenCallAsync(app);
        var count = 24 * Scale;

        faults.Enabled = true;
        var leaked = 0;
        var answered = new string?[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var body = TestData.Set(TestData.Set(TestData.Application(Applications.ApplicationTestKit.Start), "project.title", $"Projekt {i}"), "institution.name", $"Grundschule Nummer {i}");
            for (var attempt = 1; attempt <= 12 && answered[i] is null; attempt++)
            {
                var response = await Applications.ApplicationTestKit.SubmitAsync(app, fundId, body, idempotencyKey: $"formular-{i}");
                if (response.Status is 200 or 201)
                {
                    answered[i] = response.Json.GetProperty("reference").GetString();
                }
                else if (response.Status >= 500 && response.Status != 503)
                {
                    Interlocked.Increment(ref leaked);
                }
                else
                {
                    Assert.Equal(503, response.Status);
                }
            }
        });

        await DeliverEmailsAsync(app, faults);
        faults.Enabled = false;

        var rows = await RowsAsync(app, TableNames.Applications, fundId);
        var references = rows.Where(r => r.RowKey.StartsWith("app-", StringComparison.Ordinal)).Select(r => r.RowKey[4..]).ToList();
        var numbers = references.Select(r => int.Parse(r[^4..], CultureInfo.InvariantCulture)).Order().ToList();
        var lost = answered.Count(a => a is null) + Math.Max(0, count - references.Count);
        var duplicated = Math.Max(0, references.Count - count) + (answered.Where(a => a is not null).Distinct().Count() < answered.Count(a => a is not null) ? 1 : 0);
        var gaps = numbers.Count == 0 ? 0 : numbers[^1] - numbers.Count;
        var (mailsLost, mailsDuplicated) = await CountMailsAsync(app, fundId, expectedKeys: references.SelectMany(r => new[]
        {
            $"application-received:{fundId}:{r}", $"application-new-office:{fundId}:{r}",
        }));

        Report("submissions", faults, lost + mailsLost, duplicated + mailsDuplicated, gaps, leaked);
        Assert.Equal((0, 0, 0, 0), (lost + mailsLost, duplicated + mailsDuplicated, gaps, leaked));
    }

    [Fact]
    public async Task Draining_the_notifications_queue_sends_exactly_one_email_per_logical_message()
    {
        var faults = new FaultInjectionPolicy(seed: 1337, Rate);
        await using var app = await StartAsync(faults);
        var fundId = await CallTests.NewFund(app);
        var messages = Enumerable.Range(0, 40 * Scale).Select(_ => Notifications.NotificationTestKit.Message(fundId)).ToList();
        var queue = app.Storage.Queue(QueueNames.Notifications);
        foreach (var message in messages)
        {
            await queue.SendMessageAsync(JsonSerializer.Serialize(message, MintFondsJson.Storage));
        }

        faults.Enabled = true;
        var host = await DeliverEmailsAsync(app, faults);
        faults.Enabled = false;

        var (lost, duplicated) = await CountMailsAsync(app, fundId, messages.Select(m => m.MessageKey));
        Report("notifications", faults, lost + host.Lost, duplicated, gaps: 0, leaked5xx: 0);
        Assert.Equal((0, 0), (lost + host.Lost, duplicated));
    }

    [Fact]
    public async Task Payments_get_one_receipt_and_one_pdf_each_in_a_gapless_series()
    {
        var faults = new FaultInjectionPolicy(seed: 2026, Rate);
        await using var app = await StartAsync(faults);
        var fundId = await CallTests.NewFund(app);
        Assert.Equal(201, (await Pledges.PledgeTestKit.SubmitAsync(app, fundId, Pledges.PledgeTestKit.Pledge(schedule: "oneOff", years: null))).Status);
        var count = 16 * Scale;

        faults.Enabled = true;
        var leaked = 0;
        var lost = 0;
        for (var i = 0; i < count; i++)
        {
            var recorded = false;
            for (var attempt = 1; attempt <= 12 && !recorded; attempt++)
            {
                var response = await Pledges.PledgeTestKit.RecordPaymentAsync(app, fundId, 10m + i, $"BANK-{fundId}-{i}", "MRF-P-2026-0001-1");
                recorded = response.Status is 200 or 201;
                leaked += response.Status is >= 500 and not 503 ? 1 : 0;
            }

            lost += recorded ? 0 : 1;
        }

        var host = new QueueHost(app.ConnectionString, app.Time, seed: 7);
        for (var pass = 0; pass < 3; pass++)
        {
            await host.DrainAsync(
                QueueNames.Receipts,
                text => app.Get<ReceiptFunctions>().IssueReceipt(text, CancellationToken.None),
                text => app.Get<ReceiptFunctions>().RecordFailedReceiptJob(text, CancellationToken.None));
            app.Time.Advance(OutboxRelayFunctions.GracePeriod + TimeSpan.FromMinutes(1));
            await RelayAsync(app);
        }

        await DeliverEmailsAsync(app, faults);
        faults.Enabled = false;

        var receipts = await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None);
        var numbers = receipts.Select(r => int.Parse(r.Number[^4..], CultureInfo.InvariantCulture)).Order().ToList();
        var covered = receipts.SelectMany(r => r.PaymentIds).ToList();
        var pdfs = 0;
        foreach (var receipt in receipts)
        {
            pdfs += await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(receipt.BlobName).ExistsAsync() ? 1 : 0;
        }

        var (mailsLost, mailsDuplicated) = await CountMailsAsync(app, fundId, receipts.Select(r => $"payment-received:{fundId}:{r.Number}"));
        lost += (count - covered.Distinct().Count()) + (receipts.Count - pdfs) + mailsLost + host.Lost;
        var duplicated = (covered.Count - covered.Distinct().Count()) + mailsDuplicated;
        var gaps = numbers.Count == 0 ? 0 : numbers[^1] - numbers.Count;

        Report("payments-receipts", faults, lost, duplicated, gaps, leaked);
        Assert.Equal((0, 0, 0, 0), (lost, duplicated, gaps, leaked));
        Assert.All(receipts, r => Assert.Equal(ReceiptKind.Donation, r.Kind));
    }

    /// <summary>
    /// Board votes on three times as many applications as the fund can afford, all at once, against failing storage:
    /// exactly the affordable number is approved (no over-commit, no under-commit), every approval is whole (application
    /// row, decision row, allocations to the cent, funded rows; no <c>pending-</c> marker left after healing) and mailed
    /// once. Counted: <c>lost</c> = affordable approvals that did not happen, votes never answered, answers storage does
    /// not bear out, approval e-mails missing; <c>duplicated</c> = approvals beyond the money, e-mails sent twice or for
    /// an application that is not approved; <c>gaps</c> = half approvals and money that does not add up to the cent.
    /// </summary>
    [Fact]
    public async Task Concurrent_board_votes_approve_exactly_what_the_fund_can_afford_each_whole_and_mailed_once()
    {
        var faults = new FaultInjectionPolicy(seed: 1848, Rate);
        await using var app = await StartAsync(faults);
        var affordable = 10 * Scale;
        var fundId = await Decisions.DecisionTestKit.FundAsync(app);
        var pledge = await Decisions.DecisionTestKit.PledgeAsync(app, fundId);
        for (var round = 0; round < Scale; round++)
        {
            foreach (var amount in new[] { 500m, 500m, 450.50m, 549.50m, 500m, 500m })
            {
                await Decisions.DecisionTestKit.PayAsync(app, fundId, pledge, amount); // 3,000.00 € = 10 × 300 € per round
            }
        }

        var (_, board) = await Decisions.DecisionTestKit.BoardMemberAsync(app, fundId);
        var references = new List<string>();
        for (var i = 0; i < 3 * affordable; i++)
        {
            references.Add(await Decisions.DecisionTestKit.ReadyForBoardAsync(app, fundId, $"Grundschule Nummer {i}"));
        }

        faults.Enabled = true;
        var leaked = 0;
        var answers = new int[references.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, references.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            for (var attempt = 1; attempt <= 12 && answers[i] is 0 or 503; attempt++)
            {
                var response = await Decisions.DecisionTestKit.VoteAsync(app, fundId, references[i], board);
                answers[i] = response.Status;
                if (response.Status is >= 500 and not 503)
                {
                    Interlocked.Increment(ref leaked);
                }
                else
                {
                    Assert.True(response.Status is 200 or 409 or 503, response.ToString());
                }
            }
        });

        // The safety nets, as their timers would run them, then the e-mails.
        for (var tick = 0; tick < 3; tick++)
        {
            app.Time.Advance(DecisionHealFunctions.GracePeriod + TimeSpan.FromMinutes(1));
            await HealAsync(app);
        }

        await DeliverEmailsAsync(app, faults);
        faults.Enabled = false;

        var applications = (await RowsAsync(app, TableNames.Applications, fundId))
            .Where(r => r.RowKey.StartsWith("app-", StringComparison.Ordinal))
            .ToDictionary(r => r.RowKey[4..], r => ApplicationRows.ReadApplication(r), StringComparer.Ordinal);
        var ledger = await RowsAsync(app, TableNames.Ledger, fundId);
        var decisions = new Dictionary<string, GrantDecision>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            if (await app.Get<DecisionTable>().ReadAsync(fundId, reference, CancellationToken.None) is { } stored)
            {
                decisions[reference] = stored.Decision;
            }
        }

        var approved = references.Where(r => applications[r].Status == ApplicationStatus.Approved).ToList();
        var lost = Math.Max(0, affordable - approved.Count)
            + answers.Count(a => a is not (200 or 409))
            + references.Where((r, i) => (answers[i] == 200) != approved.Contains(r)).Count();
        var duplicated = Math.Max(0, approved.Count - affordable);

        // Half approvals: the application row and the decision row must tell the same story, with the money behind it.
        var gaps = 0;
        foreach (var reference in references)
        {
            var application = applications[reference];
            var decision = decisions.GetValueOrDefault(reference);
            var funded = ledger.Where(r => r.RowKey.StartsWith(LedgerRows.FundedPrefix, StringComparison.Ordinal) && r.GetString("Reference") == reference)
                .Sum(r => r.GetInt64("AmountCents") ?? 0);
            if (application.Status == ApplicationStatus.Approved)
            {
                var granted = application.Decision?.GrantedAmount;
                gaps += decision is { State: DecisionState.Approved } d && granted is { } g && d.Terms?.GrantedAmount == g
                    && d.Allocated == g && funded == g.Cents && d.Allocations.All(a => a.Amount > Euro.Zero) ? 0 : 1;
            }
            else
            {
                gaps += application.Status == ApplicationStatus.ReadyForBoard && decision is null or { State: DecisionState.Voting } && funded == 0 ? 0 : 1;
            }
        }

        gaps += ledger.Count(r => r.RowKey.StartsWith(LedgerRows.PendingPrefix, StringComparison.Ordinal));

        // The money: each payment's open remainder and what it funds add up to what came in; nothing below zero.
        var paidIn = 0L;
        foreach (var money in ledger.Where(r => r.RowKey.StartsWith(LedgerRows.MoneyPrefix, StringComparison.Ordinal)))
        {
            var paymentId = money.GetString("PaymentId");
            var amount = money.GetInt64("AmountCents") ?? 0;
            paidIn += amount;
            var open = ledger.Where(r => r.RowKey.StartsWith(LedgerRows.OpenPrefix, StringComparison.Ordinal) && r.GetString("PaymentId") == paymentId)
                .Select(r => r.GetInt64("RemainingCents") ?? 0).ToList();
            var funding = ledger.Where(r => r.RowKey.StartsWith(LedgerRows.FundedPrefix, StringComparison.Ordinal) && r.GetString("PaymentId") == paymentId)
                .Select(r => r.GetInt64("AmountCents") ?? 0).ToList();
            gaps += open.Count <= 1 && open.All(c => c > 0) && funding.All(c => c >= 0) && open.Sum() + funding.Sum() == amount ? 0 : 1;
        }

        var allocated = decisions.Values.Sum(d => d.Allocated.Cents);
        var balance = await Decisions.DecisionTestKit.BalanceAsync(app, fundId);
        gaps += allocated <= paidIn && !balance.Available.IsNegative && balance.PaidIn.Cents == paidIn && balance.Allocated.Cents == allocated
            && balance.Available.Cents == paidIn - allocated ? 0 : 1;

        var approvalMails = approved.Select(r => $"{NotificationTemplates.ApplicationApproved}:{fundId}:{r}:{applications[r].Timeline.Count}").ToList();
        var (mailsLost, mailsDuplicated) = await CountMailsAsync(app, fundId, approvalMails);
        var stray = (await MessageKeysAsync(app, fundId)).Count(k => k.StartsWith(NotificationTemplates.ApplicationApproved + ":", StringComparison.Ordinal) && !approvalMails.Contains(k));
        lost += mailsLost;
        duplicated += mailsDuplicated + stray;

        Report("decisions-ledger", faults, lost, duplicated, gaps, leaked);
        Assert.Equal((0, 0, 0, 0), (lost, duplicated, gaps, leaked));
        Assert.Equal(affordable, approved.Count);
        Assert.Equal(Euro.Zero, balance.Available);
    }

    private readonly CapturedLogs _logs = new();

    public void Dispose() => _logs.Dispose();

    private Task<TestApp> StartAsync(FaultInjectionPolicy faults) =>
        TestApp.StartAsync(
            shared,
            settings =>
            {
                settings["Storage:MaxRetries"] = "6";
                settings["Storage:DelayMilliseconds"] = "2";
            },
            now: Now,
            services: s =>
            {
                s.AddSingleton<HttpPipelinePolicy>(faults);
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs);
            });

    /// <summary>Relays what the requests could not, then delivers every e-mail job as the host would.</summary>
    private static async Task<QueueHost> DeliverEmailsAsync(TestApp app, FaultInjectionPolicy faults)
    {
        var host = new QueueHost(app.ConnectionString, app.Time, seed: 99);
        for (var pass = 0; pass < 3; pass++)
        {
            app.Time.Advance(OutboxRelayFunctions.GracePeriod + TimeSpan.FromMinutes(1));
            await RelayAsync(app);
            await host.DrainAsync(
                QueueNames.Notifications,
                text => app.Get<NotificationFunctions>().SendNotification(text, CancellationToken.None),
                text => app.Get<NotificationFunctions>().RecordFailedNotification(text, CancellationToken.None));
        }

        return host;
    }

    private static async Task RelayAsync(TestApp app)
    {
        // A timer run that fails is simply run again by the next tick.
        for (var tick = 0; tick < 5; tick++)
        {
            try
            {
                await app.Get<OutboxRelayFunctions>().RelayOutbox(new TimerInfo(), CancellationToken.None);
                return;
            }
#pragma warning disable CA1031 // The timer's next run is the retry.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private static async Task HealAsync(TestApp app)
    {
        // As RelayAsync: a failed timer run is retried by the next tick.
        for (var tick = 0; tick < 5; tick++)
        {
            try
            {
                await app.Get<DecisionHealFunctions>().HealDecisions(new TimerInfo(), CancellationToken.None);
                return;
            }
#pragma warning disable CA1031 // The timer's next run is the retry.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>Lost: expected keys without an e-mail in the outbox; duplicated: more than one e-mail for a key.</summary>
    private static async Task<(int Lost, int Duplicated)> CountMailsAsync(TestApp app, string fundId, IEnumerable<string> expectedKeys)
    {
        var perKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in await MessageKeysAsync(app, fundId))
        {
            perKey[key] = perKey.GetValueOrDefault(key) + 1;
        }

        var expected = expectedKeys.ToList();
        return (expected.Count(k => !perKey.ContainsKey(k)), expected.Sum(k => Math.Max(0, perKey.GetValueOrDefault(k) - 1)));
    }

    /// <summary>The message key of every e-mail in the fund's local outbox, one entry per e-mail.</summary>
    private static async Task<List<string>> MessageKeysAsync(TestApp app, string fundId)
    {
        var keys = new List<string>();
        var container = app.Storage.Container(BlobContainerNames.MailOutbox);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, fundId + "/", CancellationToken.None))
        {
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync();
            var mail = await MimeKit.MimeMessage.LoadAsync(content.Value.Content.ToStream());
            keys.Add(mail.Headers["X-MintFonds-Message-Key"] ?? blob.Name);
        }

        return keys;
    }

    private static async Task<List<TableEntity>> RowsAsync(TestApp app, string table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(table).QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(row);
        }

        return rows;
    }

    private void Report(string scenario, FaultInjectionPolicy faults, int lost, int duplicated, int gaps, int leaked5xx)
    {
        var line = $"faults: injected={faults.Injected} lost={lost} duplicated={duplicated} gaps={gaps} leaked5xx={leaked5xx} ({scenario}; {faults.Summary}; seed-fixed, rate {Rate:F2}, scale {Scale})";
        output.WriteLine(line);
        if (lost + duplicated + gaps + leaked5xx > 0)
        {
            // What went wrong, for the one who reads a failed run: unexpected failures and warnings the app logged.
            foreach (var logged in _logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(10))
            {
                output.WriteLine(logged);
            }
        }
        var log = RepoPaths.Combine("TestResults", "faults.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        lock (typeof(FaultInjectionTests))
        {
            File.AppendAllText(log, line + Environment.NewLine);
        }
    }
}
