using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Browser;

/// <summary>
/// What a browser test talks to: the app (Azurite storage, the real clock: the form's minimum fill time is measured
/// by the server), served over real HTTP by <see cref="FunctionHttpServer"/>, with a fund that has an open call and
/// no status page of its own, so the e-mailed status link points at the status form this app serves.
/// </summary>
public sealed class FormsSite : IAsyncDisposable
{
    private FormsSite(TestApp app, FunctionHttpServer server, string fundId)
    {
        App = app;
        Server = server;
        FundId = fundId;
    }

    public TestApp App { get; }

    public FunctionHttpServer Server { get; }

    public string FundId { get; }

    public static async Task<FormsSite> StartAsync(SharedFixture shared)
    {
        var port = FunctionHttpServer.TakePort();
        var app = await TestApp.StartAsync(
            shared,
            settings =>
            {
                settings["Forms:PublicBaseUrl"] = $"http://127.0.0.1:{port}/api/forms/";

                // The server's own measure of a human fill time, shortened from 3 s so the suite stays quick; each test
                // waits for it before sending (a faster sending would get a decoy, which the tests would notice).
                settings["Abuse:MinimumFillSeconds"] = "1";
            },
            now: DateTimeOffset.UtcNow,
            services: services => services.AddSingleton(TimeProvider.System));
        var server = await FunctionHttpServer.StartAsync(app, port);
        var fund = TestData.Fund(TestData.NewFundId());
        ((Dictionary<string, object?>)fund["contact"]!).Remove("statusPageUrl");
        ((Dictionary<string, object?>)fund["contact"]!)["privacyUrl"] = "https://mint.example/datenschutz/";
        fund["privacyNoticeVersion"] = "2026-01";
        var fundId = await CallTests.NewFund(app, fund);
        var call = TestData.Call("laufend", new DateOnly(2026, 1, 1));
        call["title"] = "Laufende Förderung: MINT-Projekte entlang der Bildungskette";
        call["description"] = "Anträge sind jederzeit möglich, spätestens vier Wochen vor Projektbeginn.";
        Assert.Equal(201, (await CallTests.CreateCall(app, fundId, call)).Status);
        return new FormsSite(app, server, fundId);
    }

    public string PageUrl(string page, string? extraQuery = null) =>
        Server.Url($"/api/forms/{page}?fund={FundId}{(extraQuery is null ? string.Empty : "&" + extraQuery)}");

    /// <summary>
    /// An application sent through the API (as the form sends it), starting <see cref="FormDriver.Start"/>: the site runs
    /// on the real clock, so dates are relative to today. Returns its reference.
    /// </summary>
    public async Task<string> SubmitApplicationAsync()
    {
        var application = TestData.Application(FormDriver.Start);
        var response = await ApplicationTestKit.SubmitAsync(App, FundId, application);
        Assert.True(response.Status == 201, response.ToString());
        return response.Json.GetProperty("reference").GetString()!;
    }

    /// <summary>The proof-of-use date of <see cref="ApproveAsync"/>: half a year after the project starts.</summary>
    public static DateOnly ProofOfUseDueOn => FormDriver.Start.AddMonths(6);

    /// <summary>
    /// Brings an application to an approval of 300 € by one board member, with paid-in money from a one-off donation
    /// due and paid today (the grant must be covered).
    /// </summary>
    public async Task ApproveAsync(string reference)
    {
        var pledge = Pledges.PledgeTestKit.Pledge(schedule: "oneOff", years: null, amount: 500m);
        pledge["firstDueOn"] = null;
        pledge["earmark"] = null;
        var pledged = await Pledges.PledgeTestKit.SubmitAsync(App, FundId, pledge);
        Assert.True(pledged.Status == 201, pledged.ToString());
        var today = Core.Time.BerlinTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Decisions.DecisionTestKit.PayAsync(App, FundId, pledged.Json.GetProperty("reference").GetString()!, 500m, today);
        var terms = Decisions.DecisionTestKit.Terms();
        terms["proofOfUseDueOn"] = ProofOfUseDueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(200, (await Decisions.DecisionTestKit.ActAsync(App, FundId, reference, "start-review")).Status);
        Assert.Equal(200, (await Decisions.DecisionTestKit.ActAsync(App, FundId, reference, "assessments", Decisions.DecisionTestKit.Assessment())).Status);
        Assert.Equal(200, (await Decisions.DecisionTestKit.ActAsync(App, FundId, reference, "submit-to-board", terms)).Status);
        var (_, board) = await Decisions.DecisionTestKit.BoardMemberAsync(App, FundId);
        var vote = await Decisions.DecisionTestKit.VoteAsync(App, FundId, reference, board);
        Assert.True(vote.Status == 200, vote.ToString());
    }

    /// <summary>The fund's rows in the Applications table whose key starts with <paramref name="prefix"/>.</summary>
    public async Task<List<TableEntity>> ApplicationRowsAsync(string prefix = "app-")
    {
        var rows = await ApplicationTestKit.RowsAsync(App, FundId);
        return [.. rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Sends the waiting confirmation e-mails into the local outbox (no SendGrid key: .eml files in the mail-outbox
    /// container) and returns the status link found in the one for <paramref name="reference"/>, as the applicant's
    /// mail program would show it.
    /// </summary>
    public async Task<string> StatusLinkFromEmailAsync(string reference)
    {
        await ApplicationTestKit.SendConfirmationsAsync(App, FundId);
        var container = App.Storage.Container(BlobContainerNames.MailOutbox);
        var link = new Regex(@"https?://[^\s""<>]+/api/forms/status#" + Regex.Escape(FundId) + "/" + Regex.Escape(reference) + @"/[A-Za-z0-9_-]+");
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, FundId + "/", CancellationToken.None))
        {
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync();
            var mail = await MimeMessage.LoadAsync(content.Value.Content.ToStream());
            if (link.Match(mail.TextBody ?? string.Empty) is { Success: true } text)
            {
                // The HTML part carries the same link.
                Assert.Contains(text.Value, mail.HtmlBody ?? string.Empty, StringComparison.Ordinal);
                return text.Value;
            }
        }

        throw new Xunit.Sdk.XunitException($"No e-mail in the outbox links to the status page of {reference}.");
    }

    /// <summary>Every request a page makes goes to this app (or is a data: image): no third party, no CDN, no font service.</summary>
    public static List<string> RecordRequests(IPage page)
    {
        var urls = new List<string>();
        page.Request += (_, request) =>
        {
            lock (urls)
            {
                urls.Add(request.Url);
            }
        };
        return urls;
    }

    public void AssertOnlyOwnRequests(List<string> urls)
    {
        lock (urls)
        {
            Assert.NotEmpty(urls);
            var foreign = urls.Where(u => !u.StartsWith(Server.BaseAddress.ToString(), StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal)).ToList();
            Assert.True(foreign.Count == 0, "Requests to other hosts: " + string.Join(", ", foreign));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await App.DisposeAsync();
    }
}
