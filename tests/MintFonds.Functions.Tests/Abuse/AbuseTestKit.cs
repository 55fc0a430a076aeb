using System.Net;
using Azure.Data.Tables;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Pledges;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// Steps of the abuse tests. Each test runs in a clock hour of its own (<see cref="StartAsync"/>): the limits count
/// per window for the whole deployment, and all tests of a run share one Azurite.
/// </summary>
public static class AbuseTestKit
{
    /// <summary>
    /// The app with the given "Abuse" settings, its clock <paramref name="hour"/> hours after the application tests'
    /// "now" plus three days (so no other test counts in that hour; projects starting on
    /// <see cref="ApplicationTestKit.Start"/> are still valid up to about 500 hours later).
    /// </summary>
    public static Task<TestApp> StartAsync(SharedFixture shared, int hour, params (string Name, string Value)[] abuse) =>
        TestApp.StartAsync(
            shared,
            settings =>
            {
                foreach (var (name, value) in abuse)
                {
                    settings["Abuse:" + name] = value;
                }
            },
            now: ApplicationTestKit.Now.AddDays(3).AddHours(hour));

    public static Action<Microsoft.AspNetCore.Http.HttpContext> From(string address) =>
        context => context.Connection.RemoteIpAddress = IPAddress.Parse(address);

    /// <summary>A valid application, distinct per <paramref name="n"/> (the institution's yearly cap and double-click detection stay out of the way).</summary>
    public static Dictionary<string, object?> Application(int n, string? email = null, string? website = null)
    {
        var application = TestData.Application(ApplicationTestKit.Start, institution: $"Grundschule Nummer {n}");
        if (email is not null)
        {
            TestData.Set(application, "contact.email", email);
        }

        if (website is not null)
        {
            application["website"] = website;
        }

        return application;
    }

    public static Dictionary<string, object?> Pledge(string email, string? website = null)
    {
        var pledge = PledgeTestKit.Pledge(email: email);
        if (website is not null)
        {
            pledge["website"] = website;
        }

        return pledge;
    }

    /// <summary>Posts an application as the web form does from <paramref name="address"/>, with the headers given (default: a challenge a minute old).</summary>
    public static async Task<TestResponse> SubmitAsync(
        TestApp app, string fundId, object application, string address = "192.0.2.10", IDictionary<string, string>? headers = null) =>
        await app.CallAsync<ApplicationFunctions>(
            "POST",
            $"/api/funds/{fundId}/calls/laufend/applications",
            (f, r) => f.SubmitApplication(r, fundId, "laufend", CancellationToken.None),
            application,
            headers: headers ?? await app.FormHeadersAsync(fundId),
            prepare: From(address));

    public static async Task<TestResponse> PledgeAsync(
        TestApp app, string fundId, object pledge, string address = "192.0.2.10", IDictionary<string, string>? headers = null) =>
        await app.CallAsync<PledgeFunctions>(
            "POST",
            $"/api/funds/{fundId}/pledges",
            (f, r) => f.SubmitPledge(r, fundId, CancellationToken.None),
            pledge,
            headers: headers ?? await app.FormHeadersAsync(fundId),
            prepare: From(address));

    public static Task<TestResponse> StatusAsync(TestApp app, string fundId, string reference, string address) =>
        app.CallAsync<ApplicationFunctions>(
            "GET",
            $"/api/funds/{fundId}/applications/{reference}/status",
            (f, r) => f.GetApplicationStatus(r, fundId, reference, CancellationToken.None),
            headers: new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = "kein-gueltiges-token" },
            prepare: From(address));

    public static Task<TestResponse> WithdrawAsync(TestApp app, string fundId, string reference, string address) =>
        app.CallAsync<ApplicationFunctions>(
            "POST",
            $"/api/funds/{fundId}/applications/{reference}/withdraw",
            (f, r) => f.WithdrawApplication(r, fundId, reference, CancellationToken.None),
            headers: new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = "kein-gueltiges-token" },
            prepare: From(address));

    /// <summary>Every row of a table (tests may scan; the app never does).</summary>
    public static async Task<List<TableEntity>> AllRowsAsync(TestApp app, string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task AssertNowhereStoredAsync(TestApp app, string table, string value)
    {
        foreach (var row in await AllRowsAsync(app, table))
        {
            Assert.DoesNotContain(value, row.PartitionKey, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(value, row.RowKey, StringComparison.OrdinalIgnoreCase);
            Assert.All(((IDictionary<string, object>)row).Values, v => Assert.DoesNotContain(value, v?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase));
        }
    }

    public static void AssertTooMany(TestResponse response, int maxSeconds)
    {
        Assert.Equal(429, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("urn:mintfonds:problem:too-many-requests", response.Json.GetProperty("type").GetString());
        Assert.Equal("Zu viele Anfragen.", response.Json.GetProperty("title").GetString());
        Assert.Contains("Bitte in", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(int.Parse(response.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), 1, maxSeconds);
    }
}
