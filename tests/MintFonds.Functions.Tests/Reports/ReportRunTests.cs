using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Reports;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Reports.ReportKit;

namespace MintFonds.Functions.Tests.Reports;

/// <summary>
/// The report run through the real function classes against Azurite: fan-out to the sponsors active in the quarter,
/// PDFs stored at reports/{fund}/{yyyy}-Q{n}/{sponsor}.pdf, e-mails through the notifications queue, an idempotent
/// re-run, a forced (audited) rebuild, the poison queue and the office's summary.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReportRunTests(SharedFixture shared)
{
    [Fact]
    public async Task A_run_messages_each_sponsor_active_in_the_quarter_once_and_no_inactive_one()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);

        // A sponsor whose only pledge is due in December 2026 and who never paid: active in Q4 2026 only.
        var pledgeD = await PledgeAsync(app, history.FundId, "Nur-2026 GmbH", consent: true, stages: ["kita"], oneOff: true, firstDueOn: "2026-12-01");

        app.Time.SetUtcNow(AfterQ4);
        var q4 = await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4" });
        Assert.True(q4.Status == 202, q4.ToString());
        Assert.Equal(3, q4.Json.GetProperty("sponsors").GetInt32());
        var jobs = await TakeJobsAsync(app, history.FundId);
        Assert.Equal(3, jobs.Count);
        Assert.Equal(3, jobs.Select(j => j.Job.SponsorId).Distinct().Count());
        Assert.Contains(jobs, j => j.Job.SponsorId == history.SponsorA);
        Assert.Contains(jobs, j => j.Job.SponsorId == history.SponsorB);

        // Q1 2027: A's yearly and B's one-off pledge run (instalments due 15 January); D's ended in December.
        app.Time.SetUtcNow(new DateTimeOffset(2027, 4, 1, 6, 0, 0, TimeSpan.Zero));
        var q1 = await StartRunAsync(app, history.FundId, new { quarter = "2027-Q1" });
        Assert.Equal(2, q1.Json.GetProperty("sponsors").GetInt32());
        var q1Jobs = await TakeJobsAsync(app, history.FundId);
        Assert.Equal(new[] { history.SponsorA, history.SponsorB }.Order(StringComparer.Ordinal), q1Jobs.Select(j => j.Job.SponsorId!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(q1Jobs, j => j.Job.Quarter != "2027-Q1");
        Assert.NotEmpty(pledgeD);

        // Q3 2026 ended before any of them pledged: nobody to report to.
        var q3 = await StartRunAsync(app, history.FundId, new { quarter = "2026-Q3" });
        Assert.Equal(0, q3.Json.GetProperty("sponsors").GetInt32());
        Assert.Empty(await TakeJobsAsync(app, history.FundId));
    }

    [Fact]
    public async Task Running_a_quarter_again_builds_nothing_twice_and_sends_no_second_email_and_force_replaces_the_pdf_audited()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);
        app.Time.SetUtcNow(AfterQ4);

        var first = await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4" });
        await ProcessAsync(app, await TakeJobsAsync(app, history.FundId));
        var mails = (await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId))
            .Where(m => m.Template == NotificationTemplates.QuarterlyReport).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Equal(2, mails.Select(m => m.MessageKey).Distinct().Count());
        var toB = Assert.Single(mails, m => m.Attachments.Single().BlobName.EndsWith(history.SponsorB + ".pdf", StringComparison.Ordinal));
        Assert.Equal("en", toB.Culture);

        var blobA = app.Storage.Container(BlobContainerNames.Reports).GetBlobClient($"{history.FundId}/2026-Q4/{history.SponsorA}.pdf");
        var etag = (await blobA.GetPropertiesAsync()).Value.ETag;

        // The office's summary of the first run: both built and sent.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReportFunctions>().BuildSponsorReport(
                SummaryJob(history.FundId, "2026-Q4", first.Json.GetProperty("runId").GetString()!), CancellationToken.None);
        }

        var summary = Assert.Single(await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId));
        Assert.Equal(NotificationTemplates.ReportRunSummary, summary.Template);
        Assert.Equal(2, summary.Data.GetProperty("counts").GetProperty("sent").GetInt32());
        Assert.Equal(0, summary.Data.GetProperty("counts").GetProperty("failed").GetInt32());
        Assert.Equal(0, summary.Data.GetProperty("counts").GetProperty("pending").GetInt32());

        // The same run again (as the timer repeating, or a redelivered message): nothing built, nothing sent.
        var again = await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4" });
        var againJobs = await TakeJobsAsync(app, history.FundId);
        Assert.Equal(2, againJobs.Count);
        await ProcessAsync(app, againJobs);
        await ProcessAsync(app, againJobs);
        Assert.DoesNotContain(
            await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId),
            m => m.Template == NotificationTemplates.QuarterlyReport);
        Assert.Equal(etag, (await blobA.GetPropertiesAsync()).Value.ETag);

        Assert.NotEmpty(again.Json.GetProperty("runId").GetString()!);

        // Forced for one sponsor: the stored PDF is replaced, audited, and the corrected report is e-mailed once more.
        var forced = await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4", sponsorId = history.SponsorA, force = true });
        Assert.Equal(1, forced.Json.GetProperty("sponsors").GetInt32());
        var forcedJobs = await TakeJobsAsync(app, history.FundId);
        await ProcessAsync(app, forcedJobs);
        Assert.NotEqual(etag, (await blobA.GetPropertiesAsync()).Value.ETag);
        var resent = Assert.Single(await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId));
        Assert.NotEqual(mails.Single(m => m.MessageKey.EndsWith(history.SponsorA, StringComparison.Ordinal)).MessageKey, resent.MessageKey);
        var audit = await app.Get<AuditLog>().ListAsync(history.FundId, 200, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "report.rebuild" && e.Target == "sponsor/" + history.SponsorA);
        Assert.Contains(audit, e => e.Action == "report.run.force");
    }

    [Fact]
    public async Task A_report_that_keeps_failing_lands_in_the_dead_letters_and_in_the_summary()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var history = await HistoryAsync(app);
        app.Time.SetUtcNow(AfterQ4);
        var run = await StartRunAsync(app, history.FundId, new { quarter = "2026-Q4", sponsorId = history.SponsorB });
        var job = Assert.Single(await TakeJobsAsync(app, history.FundId));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var functions = scope.ServiceProvider.GetRequiredService<ReportFunctions>();
            await functions.RecordFailedReport(job.Text, CancellationToken.None);
            await functions.BuildSponsorReport(SummaryJob(history.FundId, "2026-Q4", run.Json.GetProperty("runId").GetString()!), CancellationToken.None);
        }

        var row = await app.Storage.Table(TableNames.Ledger).GetEntityAsync<TableEntity>(history.FundId, ReportRows.ReportKey(new(2026, 4), history.SponsorB));
        Assert.Equal("Failed", row.Value.GetString("State"));
        var deadLetters = app.Storage.Table(TableNames.DeadLetters).QueryAsync<TableEntity>(e => e.PartitionKey == history.FundId);
        Assert.True(await deadLetters.AnyAsync());
        var summary = Assert.Single(await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, history.FundId), m => m.Template == NotificationTemplates.ReportRunSummary);
        Assert.Equal(1, summary.Data.GetProperty("counts").GetProperty("failed").GetInt32());
        Assert.Equal(history.SponsorB, summary.Data.GetProperty("failures")[0].GetProperty("sponsorId").GetString());
    }

    [Theory]
    [InlineData("{\"quarter\":\"2027-Q1\"}", "quarter")]
    [InlineData("{\"quarter\":\"2026-Q5\"}", "quarter")]
    [InlineData("{\"quarter\":\"2026-Q4\",\"sponsorId\":\"nicht/gültig\"}", "sponsorId")]
    public async Task A_bad_run_request_is_refused_with_the_field_named_and_queues_nothing(string body, string field)
    {
        await using var app = await TestApp.StartAsync(shared, now: AfterQ4);
        var fundId = await Decisions.DecisionTestKit.FundAsync(app);
        var response = await app.CallAsync<ReportFunctions>(
            "POST", $"/api/manage/funds/{fundId}/reports/runs", (f, r) => f.StartReportRun(r, fundId, CancellationToken.None), rawBody: body, token: app.PlatformAdminToken);
        Assert.True(response.Status == 422, response.ToString());
        Assert.Contains(field, response.ProblemFields);
        Assert.Empty(await TakeJobsAsync(app, fundId));
    }
}
