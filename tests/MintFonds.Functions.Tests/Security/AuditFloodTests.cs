using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Access;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// "The audit trail cannot be flooded or hidden": refusals without a valid token are counted and limited per client
/// and per fund, made-up fund ids get no partition of their own, stored targets are bounded, and the trail pages and
/// filters so that no genuine entry can be pushed out of view.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AuditFloodTests(SharedFixture shared)
{
    private const string PlatformAdminId = "00000000-0000-0000-0000-0000000000aa";

    [Fact]
    public async Task A_client_without_a_token_is_audited_first_then_only_counted_then_answered_429()
    {
        await using var app = await StartAsync(auditedPerClient: 3, limitPerClient: 5);
        var fundId = await CallTests.NewFund(app);

        var answers = new List<TestResponse>();
        for (var i = 0; i < 7; i++)
        {
            answers.Add(await Anonymous(app, fundId, "203.0.113.7"));
        }

        Assert.All(answers.Take(5), a => Assert.Equal(401, a.Status));
        Assert.All(answers.Skip(5), a => Assert.Equal(429, a.Status));
        var limited = answers[5];
        Assert.StartsWith("application/problem+json", limited.ContentType, StringComparison.Ordinal);
        Assert.Equal("urn:mintfonds:problem:too-many-requests", limited.Json.GetProperty("type").GetString());
        Assert.Contains("Anfragen", limited.Json.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.InRange(int.Parse(limited.Header("Retry-After")!, CultureInfo.InvariantCulture), 1, 3600);

        // Another address is a client of its own; a valid token is never limited.
        Assert.Equal(401, (await Anonymous(app, fundId, "198.51.100.23")).Status);
        Assert.Equal(200, (await GetFund(app, fundId, app.PlatformAdminToken)).Status);

        // Three audited, then the one that reached the limit (so the office sees the flood), then the other client.
        var refused = await RefusedAsync(app, fundId);
        Assert.Equal(5, refused.Count);
        Assert.Single(refused, e => e.GetProperty("reason").GetString()!.Contains("limit", StringComparison.Ordinal));
        var clients = refused.Select(e => e.TryGetProperty("clientKey", out var key) ? key.GetString() : null).ToList();
        Assert.All(clients, key => Assert.Matches("^[0-9a-f]{32}$", key));
        Assert.Equal(2, clients.Distinct(StringComparer.Ordinal).Count());

        // The addresses are personal data: neither the trail nor the counters hold them in clear.
        await AssertNowhereStoredAsync(app, TableNames.Audit, "203.0.113.7");
        await AssertNowhereStoredAsync(app, TableNames.Counters, "203.0.113.7");

        // The limit is per clock hour.
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(401, (await Anonymous(app, fundId, "203.0.113.7")).Status);
    }

    [Fact]
    public async Task Many_clients_together_are_limited_per_fund()
    {
        await using var app = await StartAsync(auditedPerFund: 4, limitPerFund: 6);
        var fundId = await CallTests.NewFund(app);

        var statuses = new List<int>();
        for (var i = 1; i <= 8; i++)
        {
            statuses.Add((await Anonymous(app, fundId, $"192.0.2.{i}")).Status);
        }

        Assert.Equal([401, 401, 401, 401, 401, 401, 429, 429], statuses);
        Assert.Equal(5, (await RefusedAsync(app, fundId)).Count);
        Assert.Equal(200, (await GetFund(app, fundId, app.PlatformAdminToken)).Status);
    }

    [Fact]
    public async Task The_client_is_the_forwarded_address_the_proxy_wrote_or_else_the_connection_and_an_IPv6_client_is_its_64_network()
    {
        await using var app = await StartAsync(auditedPerClient: 1, limitPerClient: 2);
        var fundId = await CallTests.NewFund(app);

        // Same client whatever the caller wrote in front of the proxy's entry (the last), with or without a port.
        Assert.Equal(401, (await Anonymous(app, fundId, "10.0.0.1, 203.0.113.9")).Status);
        Assert.Equal(401, (await Anonymous(app, fundId, "203.0.113.9:51234")).Status);
        Assert.Equal(429, (await Anonymous(app, fundId, "203.0.113.9")).Status);

        // One IPv6 /64 is one client: whoever has one has all its addresses.
        Assert.Equal(401, (await Anonymous(app, fundId, "2001:db8:1:2::10")).Status);
        Assert.Equal(401, (await Anonymous(app, fundId, "[2001:db8:1:2:ffff::1]:443")).Status);
        Assert.Equal(429, (await Anonymous(app, fundId, "2001:db8:1:2::99")).Status);

        // Without a usable forwarded address, the connection's address counts.
        var direct = IPAddress.Parse("198.51.100.77");
        Assert.Equal(401, (await Anonymous(app, fundId, forwardedFor: null, remote: direct)).Status);
        Assert.Equal(401, (await Anonymous(app, fundId, "unknown", remote: direct)).Status);
        Assert.Equal(429, (await Anonymous(app, fundId, forwardedFor: null, remote: direct)).Status);
    }

    [Fact]
    public async Task Refusals_naming_a_fund_that_does_not_exist_go_to_the_platform_trail()
    {
        await using var app = await StartAsync();
        var ghost = TestData.NewFundId();
        var person = TestData.NewPrincipalId();

        Assert.Equal(401, (await Anonymous(app, ghost, "203.0.113.50")).Status);
        Assert.Equal(403, (await GetFund(app, ghost, app.TokenFor(person))).Status);
        Assert.Equal(401, (await Anonymous(app, "Kein_Slug", "203.0.113.50")).Status);

        var audit = app.Storage.Table(TableNames.Audit);
        Assert.Empty(await Rows(audit, TableClient.CreateQueryFilter($"PartitionKey eq {ghost}")));
        var platform = await Rows(audit, TableClient.CreateQueryFilter($"PartitionKey eq {AuditLog.PlatformSubject} and Target eq {"GET /api/manage/funds/" + ghost}"));
        Assert.Equal(2, platform.Count);
        Assert.Contains(platform, row => row.GetString("PrincipalId") == person);
        Assert.DoesNotContain(await Rows(app.Storage.Table(TableNames.Counters), null), row => row.PartitionKey.Contains(ghost, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stored_targets_are_short_and_free_of_control_characters()
    {
        await using var app = await StartAsync();
        var fundId = await CallTests.NewFund(app);
        var path = $"/api/manage/funds/{fundId}/\u0007bell\r\nX-Injected: 1\u202Eevil" + new string('a', 1000);

        // Through the gate: the path is stored as the host escapes it, cut to the maximum.
        await app.CallAsync<FundAdminFunctions>("GET", path, (f, r) => f.GetFund(r, fundId, CancellationToken.None));
        var refused = (await app.Get<AuditLog>().ListAsync(fundId, 10, CancellationToken.None)).First(e => e.Outcome == AuditOutcome.Refused);
        Assert.Equal(AuditLog.MaxTargetLength, refused.Target!.Length);
        Assert.StartsWith($"GET /api/manage/funds/{fundId}/%07bell%0D%0AX-Injected:%201%E2%80%AEevilaaa", refused.Target, StringComparison.Ordinal);
        Assert.EndsWith("…", refused.Target, StringComparison.Ordinal);

        // Whatever a writer passes: control and format characters go, and a cut never splits a character.
        var raw = "principal/\u0007x\r\ny\u202Ez\u200B" + new string('b', 185) + "🔬🔬🔬";
        await app.Get<AuditLog>().WriteAsync(new AuditEntry { Subject = fundId, Action = "test.raw", Outcome = AuditOutcome.Done, Target = raw }, CancellationToken.None);
        var stored = (await app.Get<AuditLog>().ListAsync(fundId, 10, CancellationToken.None)).First(e => e.Action == "test.raw").Target!;
        Assert.True(stored.Length <= AuditLog.MaxTargetLength, $"{stored.Length} characters");
        Assert.DoesNotContain(stored, c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format);
        Assert.StartsWith("principal/xyzbbb", stored, StringComparison.Ordinal);
        Assert.EndsWith("b…", stored, StringComparison.Ordinal); // the emoji would straddle the cut: it goes whole
    }

    [Fact]
    public async Task After_a_flood_of_1000_refusals_every_genuine_entry_is_still_found_and_paging_shows_each_entry_once()
    {
        await using var app = await StartAsync(auditedPerClient: 5000, limitPerClient: 5000, auditedPerFund: 5000, limitPerFund: 5000);
        var fundId = await CallTests.NewFund(app);
        var created = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var floodStart = app.Time.GetUtcNow();
        for (var i = 0; i < 1000; i++)
        {
            var answer = await app.CallAsync<FundAdminFunctions>(
                "GET", $"/api/manage/funds/{fundId}/probe-{i}", (f, r) => f.GetFund(r, fundId, CancellationToken.None),
                headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.66" });
            Assert.Equal(401, answer.Status);
        }

        app.Time.Advance(TimeSpan.FromMinutes(1));
        var granted = app.Time.GetUtcNow();
        var auditor = TestData.NewPrincipalId();
        Assert.Equal(200, (await AdminAccessTests.Grant(app, fundId, auditor, "auditor")).Status);
        var token = app.TokenFor(auditor);

        var done = await ReadAllAsync(app, fundId, "outcome=done&pageSize=50", token);
        Assert.Equal(["role.assign", "fund.create"], done.Entries.Select(e => e.GetProperty("action").GetString()));

        var all = await ReadAllAsync(app, fundId, "pageSize=100", token);
        Assert.Equal(1002, all.Entries.Count);
        Assert.Equal(1002, all.Entries.Select(e => e.GetProperty("id").GetString()).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(1000, all.Entries.Select(e => e.GetProperty("target").GetString()).Where(t => t!.Contains("/probe-", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Count());
        Assert.True(all.Pages >= 11, $"{all.Pages} pages");
        Assert.Equal("role.assign", all.Entries[0].GetProperty("action").GetString());
        Assert.Equal("fund.create", all.Entries[^1].GetProperty("action").GetString());

        Assert.Equal(2, (await ReadAllAsync(app, fundId, "principal=" + PlatformAdminId.ToUpperInvariant(), token)).Entries.Count);
        Assert.Equal(1000, (await ReadAllAsync(app, fundId, "action=GetFund&outcome=refused&pageSize=500", token)).Entries.Count);
        Assert.Equal(["role.assign"], (await ReadAllAsync(app, fundId, "from=" + Iso(granted), token)).Entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["fund.create"], (await ReadAllAsync(app, fundId, "to=" + Iso(floodStart), token)).Entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(1000, (await ReadAllAsync(app, fundId, $"from={Iso(floodStart)}&to={Iso(granted)}&pageSize=500", token)).Entries.Count);
        Assert.Single((await ReadAllAsync(app, fundId, $"from={Iso(created)}&to={Iso(created.AddTicks(1))}", token)).Entries);
    }

    [Theory]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("principal=max.mustermann", "principal")]
    [InlineData("action=%3Cscript%3E", "action")]
    [InlineData("from=gestern", "from")]
    [InlineData("to=2030-01-01", "to")]
    [InlineData("from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "to")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=100000", "pageSize")]
    [InlineData("pageSize=zehn", "pageSize")]
    [InlineData("continuationToken=%21%21%21", "continuationToken")]
    [InlineData("continuationToken=eA", "continuationToken")]
    public async Task Invalid_filters_are_answered_400_naming_the_parameter(string query, string parameter)
    {
        await using var app = await StartAsync();
        var fundId = await CallTests.NewFund(app);

        var response = await ListAudit(app, fundId, query, app.PlatformAdminToken);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal([parameter], response.ProblemFields);
    }

    private async Task<TestApp> StartAsync(
        int auditedPerClient = 10, int limitPerClient = 60, int auditedPerFund = 100, int limitPerFund = 1000)
    {
        // An hour of its own, so that other tests' refusals never share these counters.
        var hour = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Random.Shared.Next(0, 24 * 365 * 20)).AddMinutes(10);
        return await TestApp.StartAsync(
            shared,
            settings =>
            {
                settings["Abuse:AuditedPerClientPerHour"] = auditedPerClient.ToString(CultureInfo.InvariantCulture);
                settings["Abuse:LimitPerClientPerHour"] = limitPerClient.ToString(CultureInfo.InvariantCulture);
                settings["Abuse:AuditedPerFundPerHour"] = auditedPerFund.ToString(CultureInfo.InvariantCulture);
                settings["Abuse:LimitPerFundPerHour"] = limitPerFund.ToString(CultureInfo.InvariantCulture);
            },
            now: hour);
    }

    private static Task<TestResponse> Anonymous(TestApp app, string fundId, string? forwardedFor, IPAddress? remote = null) =>
        app.CallAsync<FundAdminFunctions>(
            "GET", $"/api/manage/funds/{fundId}", (f, r) => f.GetFund(r, fundId, CancellationToken.None),
            headers: forwardedFor is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor },
            prepare: context => context.Connection.RemoteIpAddress = remote);

    private static Task<TestResponse> GetFund(TestApp app, string fundId, string token) =>
        app.CallAsync<FundAdminFunctions>("GET", $"/api/manage/funds/{fundId}", (f, r) => f.GetFund(r, fundId, CancellationToken.None), token: token);

    private static Task<TestResponse> ListAudit(TestApp app, string fundId, string query, string token) =>
        app.CallAsync<AuditFunctions>(
            "GET", $"/api/manage/funds/{fundId}/audit?{query}", (f, r) => f.ListAudit(r, fundId, CancellationToken.None), token: token);

    private static async Task<List<JsonElement>> RefusedAsync(TestApp app, string fundId) =>
        [.. (await ReadAllAsync(app, fundId, "outcome=refused", app.PlatformAdminToken)).Entries.Where(e => e.GetProperty("outcome").GetString() == "refused")];

    /// <summary>Follows the continuation tokens to the end, as a client would.</summary>
    private static async Task<(List<JsonElement> Entries, int Pages)> ReadAllAsync(TestApp app, string fundId, string query, string token)
    {
        var entries = new List<JsonElement>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var response = await ListAudit(app, fundId, continuation is null ? query : $"{query}&continuationToken={Uri.EscapeDataString(continuation)}", token);
            Assert.True(response.Status == 200, response.ToString());
            pages++;
            Assert.True(pages < 200, "The continuation tokens do not come to an end.");
            entries.AddRange(response.Json.GetProperty("entries").EnumerateArray().Select(e => e.Clone()));
            continuation = response.Json.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (continuation is not null);

        return (entries, pages);
    }

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));

    private static async Task<List<TableEntity>> Rows(TableClient table, string? filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task AssertNowhereStoredAsync(TestApp app, string table, string value)
    {
        foreach (var row in await Rows(app.Storage.Table(table), null))
        {
            Assert.DoesNotContain(value, row.PartitionKey, StringComparison.Ordinal);
            Assert.DoesNotContain(value, row.RowKey, StringComparison.Ordinal);
            Assert.All(((IDictionary<string, object>)row).Values, v => Assert.DoesNotContain(value, v?.ToString() ?? string.Empty, StringComparison.Ordinal));
        }
    }
}
