using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Core.Applications;
using MintFonds.Core.Pledges;
using MintFonds.Core.Time;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;
using static MintFonds.Functions.Tests.Privacy.PrivacyTestKit;
using PledgeKit = MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Privacy;

/// <summary>The retention timer anonymises and purges what is due, reads only what is due, and repeats harmlessly.</summary>
[Collection(AppCollection.Name)]
public sealed class RetentionTimerTests(SharedFixture shared)
{
    [Fact]
    public async Task A_withdrawn_application_is_anonymised_after_the_period_and_repeated_runs_change_nothing()
    {
        await using var app = await TestApp.StartAsync(shared, settings => settings["Privacy:AnonymiseAfterDays"] = "30", now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        var token = await TokenFromEmailAsync(app, fundId, reference);
        Assert.Equal(200, (await WithdrawAsync(app, fundId, reference, token)).Status);
        Assert.Contains(await RowsAsync(app, fundId), r => r.RowKey == $"due-20261226-{reference}"); // 30 days later, Berlin calendar

        app.Time.Advance(TimeSpan.FromDays(29));
        await RunTimerAsync(app);
        Assert.Equal(ApplicantEmail, Stored(await RowsAsync(app, fundId), reference).Contact.Email);

        app.Time.Advance(TimeSpan.FromDays(1));
        await RunTimerAsync(app);
        var rows = await RowsAsync(app, fundId);
        var anonymised = Stored(rows, reference);
        Assert.Equal(ApplicationAnonymiser.Placeholder, anonymised.Contact.Email);
        Assert.Equal(ApplicationAnonymiser.Placeholder, anonymised.BankAccount.Iban);
        Assert.Equal(ApplicationStatus.Withdrawn, anonymised.Status);
        Assert.Equal(300m, anonymised.Budget.RequestedAmount.ToDecimal());
        Assert.Equal("Landkreis Mainz-Bingen", anonymised.Institution.District);
        Assert.DoesNotContain(rows, r => r.RowKey.StartsWith("due-", StringComparison.Ordinal) || r.RowKey.StartsWith("tok-", StringComparison.Ordinal) || r.RowKey.StartsWith("person-", StringComparison.Ordinal));
        Assert.Empty(await TokensInOutboxAsync(app, fundId, reference));
        Assert.Contains(await app.Get<Functions.Audit.AuditLog>().ListAsync(fundId, 20, CancellationToken.None), e => e.Action == "privacy.retention" && e.Target == "application/" + reference);

        var before = rows.Select(r => (r.RowKey, r.ETag)).ToList();
        app.Time.Advance(TimeSpan.FromDays(1));
        await RunTimerAsync(app);
        await RunTimerAsync(app);
        Assert.Equal(before, (await RowsAsync(app, fundId)).Select(r => (r.RowKey, r.ETag)).ToList());
    }

    [Fact]
    public async Task The_timer_reads_the_same_number_of_rows_whatever_the_history_of_a_fund()
    {
        var counter = new RowReadCounter();
        await using var app = await TestApp.StartAsync(
            shared, now: Now,
            services: s => s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(counter));
        var small = await FundWithHistoryAsync(app, history: 1);
        var large = await FundWithHistoryAsync(app, history: 24);
        var retention = app.Get<RetentionService>();

        var reads = new List<(int Applications, int Sponsors)>();
        foreach (var (fundId, firstWithdrawn) in new[] { small, large })
        {
            counter.Reset();
            var run = await retention.RunForFundAsync(fundId, firstWithdrawn.AddDays(365), CancellationToken.None);
            Assert.Equal(1, run.Anonymised); // the one application withdrawn first, a year before
            reads.Add((counter.Rows(TableNames.Applications), counter.Rows(TableNames.Sponsors)));
        }

        Assert.Equal(reads[0], reads[1]);
        Assert.True(reads[0].Applications <= 6, $"{reads[0].Applications} rows read"); // the due row, the application and its lookups
        counter.Reset();
        Assert.Equal(0, (await retention.RunForFundAsync(large.FundId, large.FirstWithdrawn.AddDays(365), CancellationToken.None)).Due);
        Assert.Equal(0, counter.Rows(TableNames.Applications));
    }

    [Fact]
    public async Task A_rejection_schedules_anonymisation_through_the_planner_helper()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;

        // What the board's decision (a later issue) does: close the application and schedule its anonymisation in one transaction.
        var table = app.Storage.Table(TableNames.Applications);
        var row = (await table.GetEntityAsync<TableEntity>(fundId, "app-" + reference)).Value;
        var rejected = Functions.Applications.ApplicationRows.ReadApplication(row) with { Status = ApplicationStatus.Rejected };
        var batch = new PartitionBatch(fundId).ReplaceIfUnchanged(Functions.Applications.ApplicationRows.ApplicationEntity(rejected, row.ETag));
        app.Get<RetentionPlanner>().ScheduleAnonymisation(batch, rejected, app.Time.GetUtcNow());
        await batch.SubmitAsync(table, CancellationToken.None);

        app.Time.Advance(TimeSpan.FromDays(365));
        await RunTimerAsync(app);

        var stored = Stored(await RowsAsync(app, fundId), reference);
        Assert.Equal(ApplicationStatus.Rejected, stored.Status);
        Assert.NotNull(stored.AnonymisedAt);
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task After_the_retention_duty_a_restricted_sponsor_is_purged_and_only_anonymous_figures_remain()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        await PledgeKit.SubmitAsync(app, fundId, PledgeKit.Pledge(email: ApplicantEmail, schedule: "oneOff", years: null));
        var payment = (await PledgeKit.RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1")).Json.GetProperty("id").GetString()!;
        await IssueReceiptsAsync(app, fundId);
        await SendAllAsync(app, fundId);
        Assert.Equal(4, (await EraseAsync(app, fundId, ApplicantEmail)).Json.GetProperty("restricted").GetInt32());
        var sponsorId = SponsorKey.IdFor("Rheinhessische Maschinenbau GmbH", ApplicantEmail);

        app.Time.SetUtcNow(new DateTimeOffset(2034, 12, 31, 12, 0, 0, TimeSpan.Zero));
        await RunTimerAsync(app);
        Assert.NotNull(await app.Get<Functions.Pledges.SponsorTable>().GetAsync(fundId, sponsorId, CancellationToken.None));

        app.Time.SetUtcNow(new DateTimeOffset(2035, 1, 1, 2, 0, 0, TimeSpan.Zero));
        await RunTimerAsync(app);
        await RunTimerAsync(app);

        Assert.Null(await app.Get<Functions.Pledges.SponsorTable>().GetAsync(fundId, sponsorId, CancellationToken.None));
        var stored = (await app.Get<Functions.Payments.PaymentTable>().GetAsync(fundId, "payment-" + payment, CancellationToken.None))!.Value;
        Assert.Equal(500m, stored.Amount.ToDecimal());
        Assert.Equal(ApplicationAnonymiser.Placeholder, stored.PayerName);
        Assert.Equal(SponsorRecordChanges.AnonymousSponsor, stored.Match!.SponsorId);
        var receipt = Assert.Single(await app.Get<Functions.Receipts.ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
        Assert.Equal("2026-0001", receipt.Number);
        Assert.NotNull(receipt.AnonymisedAt);
        Assert.Empty(await ErasureTests.BlobsAsync(app, BlobContainerNames.Receipts, receipt.BlobName));
        Assert.Empty(await ErasureTests.BlobsAsync(app, BlobContainerNames.Attachments, $"{fundId}/pledges/"));
        foreach (var table in new[] { TableNames.Sponsors, TableNames.Pledges, TableNames.Ledger })
        {
            var rows = await ErasureTests.PartitionAsync(app, table, fundId);
            Assert.DoesNotContain(rows, r => r.RowKey.StartsWith("person-", StringComparison.Ordinal) || r.RowKey.StartsWith("sponsor-", StringComparison.Ordinal) || r.RowKey.StartsWith("due-", StringComparison.Ordinal));
            Assert.DoesNotContain(rows, r => JsonSerializer.Serialize(r.ToDictionary()).Contains("maschinenbau", StringComparison.OrdinalIgnoreCase));
        }

        var (data, files) = OpenExport(await ExportAsync(app, fundId, ApplicantEmail));
        Assert.Empty(Items(data, "sponsors"));
        Assert.Empty(Items(data, "payments"));
        Assert.Empty(files);
    }

    private static Task RunTimerAsync(TestApp app) => app.Get<RetentionFunctions>().ApplyRetention(new TimerInfo(), CancellationToken.None);

    private static Application Stored(List<TableEntity> rows, string reference) =>
        Functions.Applications.ApplicationRows.ReadApplication(rows.Single(r => r.RowKey == "app-" + reference));

    /// <summary>A fund where one application was withdrawn first and, a month later, <paramref name="history"/> more were submitted (every other one withdrawn).</summary>
    private static async Task<(string FundId, DateOnly FirstWithdrawn)> FundWithHistoryAsync(TestApp app, int history)
    {
        var firstWithdrawn = BerlinTime.Today(app.Time);
        var fundId = await FundWithOpenCallAsync(app);
        var status = app.Get<Functions.Applications.ApplicationStatusService>();
        for (var i = 0; i <= history; i++)
        {
            var projectStart = BerlinTime.Today(app.Time).AddDays(60);
            var submitted = await SubmitAsync(app, fundId, TestData.Application(projectStart, $"Schule Nummer {i}"));
            Assert.True(submitted.Status == 201, submitted.ToString());
            var reference = submitted.Json.GetProperty("reference").GetString()!;
            if (i % 2 == 0)
            {
                await status.WithdrawAsync(fundId, reference, await TokenFromEmailAsync(app, fundId, reference), CancellationToken.None);
            }

            app.Time.Advance(i == 0 ? TimeSpan.FromDays(30) : TimeSpan.FromMinutes(10));
        }

        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
        return (fundId, firstWithdrawn);
    }
}
