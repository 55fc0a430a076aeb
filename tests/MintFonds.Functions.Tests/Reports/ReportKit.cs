using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Core.Json;
using MintFonds.Functions.Reports;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Decisions;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Pledges;

namespace MintFonds.Functions.Tests.Reports;

/// <summary>
/// A fund with a history through the real calls: two sponsors (one consenting to be named, one not, writing in English),
/// their payments, and two approved grants of a primary school, one published and one without publication consent.
/// </summary>
public static class ReportKit
{
    public const string NamedSponsor = "Rheinhessische Maschinenbau GmbH";
    public const string UnnamedSponsor = "Weingut Verschwiegen KG";
    public const string PublishedTitle = "Forscherkiste Wasser und Strom";
    public const string UnpublishedTitle = "Geheimes Roboterprojekt";
    public const string ContactName = "Jürgen Weißmüller-O'Neill";

    public sealed record History(string FundId, string SponsorA, string SponsorB, string PledgeA, string PledgeB, string Published, string Unpublished);

    public static async Task<History> HistoryAsync(TestApp app)
    {
        var fundId = await DecisionTestKit.FundAsync(app);
        var pledgeA = await PledgeAsync(app, fundId, NamedSponsor, consent: true, stages: ["kita", "primarstufe"]);
        var pledgeB = await PledgeAsync(app, fundId, UnnamedSponsor, consent: false, stages: ["sekundarstufeI"], language: "en", oneOff: true);
        var sponsorA = await PayAsync(app, fundId, pledgeA, 600m);
        var sponsorB = await PayAsync(app, fundId, pledgeB, 400m);

        var published = await GrantAsync(app, fundId, PublishedTitle, publish: true);
        var unpublished = await GrantAsync(app, fundId, UnpublishedTitle, publish: false);

        // The e-mails of this history are not what the report tests look at; other tests' queue probes should not meet them.
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
        return new History(fundId, sponsorA, sponsorB, pledgeA, pledgeB, published, unpublished);
    }

    public static async Task<string> PledgeAsync(
        TestApp app, string fundId, string name, bool consent, string[] stages, string? language = null, bool oneOff = false, string firstDueOn = "2027-01-15")
    {
        var pledge = PledgeTestKit.Pledge(name: name, email: $"{Guid.NewGuid():N}@sponsor.example", schedule: oneOff ? "oneOff" : "yearly", years: oneOff ? null : 3, amount: 600m);
        pledge["earmark"] = new Dictionary<string, object?> { ["educationStages"] = stages };
        pledge["publicNameConsent"] = consent;
        pledge["firstDueOn"] = firstDueOn;
        if (language is not null)
        {
            pledge["language"] = language;
        }

        var response = await PledgeTestKit.SubmitAsync(app, fundId, pledge);
        Assert.True(response.Status == 201, response.ToString());
        return response.Json.GetProperty("reference").GetString()!;
    }

    /// <summary>A matched payment of the pledge's first instalment; returns the sponsor id.</summary>
    public static async Task<string> PayAsync(TestApp app, string fundId, string pledgeReference, decimal amount, string valueDate = "2026-11-25")
    {
        var response = await PledgeTestKit.RecordPaymentAsync(app, fundId, amount, "BANK-" + Guid.NewGuid(), pledgeReference + "-1", valueDate);
        Assert.True(response.Status == 201, response.ToString());
        await TakeReceiptJobsAsync(app, fundId);
        return response.Json.GetProperty("match").GetProperty("sponsorId").GetString()!;
    }

    /// <summary>An application of a primary school brought to the board and approved (300 €).</summary>
    public static async Task<string> GrantAsync(TestApp app, string fundId, string title, bool publish, string institution = "Grundschule Am Rhein", decimal amount = 300m)
    {
        var reference = await DecisionTestKit.SubmitAsync(app, fundId, institution, a =>
        {
            TestData.Set(a, "project.title", title);
            TestData.Set(a, "consents.publishProject", publish);
        });
        await DecisionTestKit.BringToBoardAsync(app, fundId, reference, amount);
        var (_, token) = await DecisionTestKit.BoardMemberAsync(app, fundId);
        var vote = await DecisionTestKit.VoteAsync(app, fundId, reference, token);
        Assert.True(vote.Status == 200, vote.ToString());
        return reference;
    }

    public static Task<TestResponse> StartRunAsync(TestApp app, string fundId, object body, string? token = null) =>
        app.CallAsync<ReportFunctions>(
            "POST", $"/api/manage/funds/{fundId}/reports/runs", (f, r) => f.StartReportRun(r, fundId, CancellationToken.None), body, token ?? app.PlatformAdminToken);

    /// <summary>Takes this fund's visible messages from the reports queue (as the queue trigger receives them).</summary>
    public static async Task<List<(ReportJob Job, string Text)>> TakeJobsAsync(TestApp app, string fundId)
    {
        var queue = new QueueClient(app.ConnectionString, QueueNames.Reports);
        await queue.CreateIfNotExistsAsync();
        var taken = new List<(ReportJob, string)>();
        var seen = new HashSet<string>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(2))).Value;
            if (batch.Length == 0 || batch.All(m => !seen.Add(m.MessageId)))
            {
                return taken;
            }

            foreach (var message in batch)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                var job = JsonSerializer.Deserialize<ReportJob>(text, MintFondsJson.Storage)!;
                if (job.FundId == fundId)
                {
                    taken.Add((job, text));
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }
    }

    /// <summary>Removes this fund's receipt jobs (the receipts feature has its own tests; others' probes read the queue's head).</summary>
    public static async Task TakeReceiptJobsAsync(TestApp app, string fundId)
    {
        var queue = new QueueClient(app.ConnectionString, QueueNames.Receipts);
        await queue.CreateIfNotExistsAsync();
        var seen = new HashSet<string>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(2))).Value;
            if (batch.Length == 0 || batch.All(m => !seen.Add(m.MessageId)))
            {
                return;
            }

            foreach (var message in batch)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                if (text.Contains($"\"fundId\":\"{fundId}\"", StringComparison.Ordinal))
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }
    }

    /// <summary>What the host does with each message: the queue trigger function, once per message.</summary>
    public static async Task ProcessAsync(TestApp app, IEnumerable<(ReportJob Job, string Text)> jobs)
    {
        foreach (var (_, text) in jobs)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReportFunctions>().BuildSponsorReport(text, CancellationToken.None);
        }
    }

    public static string SummaryJob(string fundId, string quarter, string runId) =>
        JsonSerializer.Serialize(new ReportJob { Kind = ReportJob.Summary, FundId = fundId, Quarter = quarter, RunId = runId, Attempt = 99 }, MintFondsJson.Storage);

    public static readonly DateTimeOffset AfterQ4 = new(2027, 1, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = ApplicationTestKit.Now;
}
