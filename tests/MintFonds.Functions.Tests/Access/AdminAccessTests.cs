using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Access;

[Collection(AppCollection.Name)]
public sealed class AdminAccessTests(SharedFixture shared)
{
    public static TheoryData<string, string> BadTokens => new()
    {
        { "none", "token:Missing" },
        { "garbage", "token:Malformed" },
        { "unsigned", "token:NotSigned" },
        { "forged", "token:BadSignature" },
        { "expired", "token:Expired" },
        { "not-yet-valid", "token:NotYetValid" },
        { "other-audience", "token:WrongAudience" },
        { "other-issuer", "token:WrongIssuer" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_request_without_a_valid_token_is_refused_with_401_and_audited(string kind, string auditReason)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();
        var now = app.Time.GetUtcNow().UtcDateTime;
        var token = kind switch
        {
            "none" => null,
            "garbage" => "not-a-jwt",
            "unsigned" => TestTokens.NotSigned(person),
            "forged" => app.Tokens.For(person, [TestTokens.PlatformAdminRole], signWithOtherKey: true, now: now),
            "expired" => app.Tokens.For(person, [TestTokens.PlatformAdminRole], expires: now.AddMinutes(-10), notBefore: now.AddHours(-2), now: now.AddHours(-2)),
            "not-yet-valid" => app.Tokens.For(person, [TestTokens.PlatformAdminRole], notBefore: now.AddHours(1), expires: now.AddHours(2), now: now.AddHours(1)),
            "other-audience" => app.Tokens.For(person, [TestTokens.PlatformAdminRole], audience: "api://some-other-app", now: now),
            "other-issuer" => app.Tokens.For(person, [TestTokens.PlatformAdminRole], issuer: "https://login.microsoftonline.com/99999999-0000-0000-0000-000000000000/v2.0", now: now),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await app.CallAsync<FundAdminFunctions>(
            "GET", $"/api/manage/funds/{fundId}", (f, r) => f.GetFund(r, fundId, CancellationToken.None), token: token);

        Assert.Equal(401, response.Status);
        Assert.Equal("Bearer", response.Header("WWW-Authenticate"));
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        var audit = await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Outcome == AuditOutcome.Refused && e.Reason == auditReason && e.Action == nameof(FundAdminFunctions.GetFund));
    }

    [Fact]
    public async Task Tokens_for_any_configured_audience_are_accepted_and_others_refused()
    {
        // Entra writes the client id into v2 tokens and the application ID URI into v1 tokens: both may be configured.
        const string clientId = "0b8c7e2d-1111-4222-8333-944455556666";
        await using var app = await TestApp.StartAsync(shared, settings => settings["Auth:Audience"] = $"{TestTokens.Audience}, {clientId}");
        var fundId = await CallTests.NewFund(app);
        var now = app.Time.GetUtcNow().UtcDateTime;

        foreach (var (audience, status) in new[] { (TestTokens.Audience, 200), (clientId, 200), ("api://another-app", 401) })
        {
            var token = app.Tokens.For(TestData.NewPrincipalId(), [TestTokens.PlatformAdminRole], audience: audience, now: now);
            Assert.Equal(status, (await GetFund(app, fundId, token)).Status);
        }
    }

    [Fact]
    public async Task A_role_in_another_fund_gives_no_access_and_the_refusal_is_audited()
    {
        await using var app = await TestApp.StartAsync(shared);
        var ownFund = await CallTests.NewFund(app);
        var otherFund = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();
        await Grant(app, ownFund, person, "office");

        var own = await GetFund(app, ownFund, app.TokenFor(person));
        var other = await GetFund(app, otherFund, app.TokenFor(person));

        Assert.Equal(200, own.Status);
        Assert.Equal(403, other.Status);
        var audit = await app.Get<AuditLog>().ListAsync(otherFund, 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Outcome == AuditOutcome.Refused && e.PrincipalId == person && e.Reason == "role:none");
    }

    [Theory]
    [InlineData("office", 200, 201, 200)]
    [InlineData("board", 200, 403, 403)]
    [InlineData("auditor", 200, 403, 403)]
    public async Task Each_role_may_do_what_it_is_for(string role, int read, int createCall, int assignRole)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();
        await Grant(app, fundId, person, role);
        var token = app.TokenFor(person);

        Assert.Equal(read, (await GetFund(app, fundId, token)).Status);
        Assert.Equal(createCall, (await CallTests.CreateCall(app, fundId, TestData.Call("runde-" + role, new DateOnly(2026, 1, 1)), token)).Status);
        Assert.Equal(assignRole, (await Grant(app, fundId, TestData.NewPrincipalId(), "auditor", token)).Status);
    }

    [Fact]
    public async Task Only_a_platform_admin_creates_funds()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var officePerson = TestData.NewPrincipalId();
        await Grant(app, fundId, officePerson, "office");

        var response = await FundAdminTests.CreateFund(app, TestData.Fund(TestData.NewFundId()), app.TokenFor(officePerson));

        Assert.Equal(403, response.Status);
        var audit = await app.Get<AuditLog>().ListAsync(AuditLog.PlatformSubject, 200, CancellationToken.None);
        Assert.Contains(audit, e => e.PrincipalId == officePerson && e.Reason == "role:platform-admin-required");
    }

    [Fact]
    public async Task A_revoked_role_no_longer_opens_the_fund()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();
        await Grant(app, fundId, person, "board");
        Assert.Equal(200, (await GetFund(app, fundId, app.TokenFor(person))).Status);

        var revoke = await app.CallAsync<RoleAdminFunctions>(
            "DELETE", $"/api/manage/funds/{fundId}/roles/{person}", (f, r) => f.RevokeRole(r, fundId, person, CancellationToken.None),
            token: app.PlatformAdminToken);

        Assert.Equal(204, revoke.Status);
        Assert.Equal(403, (await GetFund(app, fundId, app.TokenFor(person))).Status);
        var audit = await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "role.revoke" && e.FromState == "Board" && e.ToState is null);
        Assert.Contains(audit, e => e.Action == "role.assign" && e.FromState is null && e.ToState == "Board");
    }

    [Fact]
    public async Task Roles_are_listed_and_a_bad_principal_id_or_role_is_422()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();
        await Grant(app, fundId, person, "auditor");

        var list = await app.CallAsync<RoleAdminFunctions>(
            "GET", $"/api/manage/funds/{fundId}/roles", (f, r) => f.ListRoles(r, fundId, CancellationToken.None), token: app.PlatformAdminToken);
        Assert.Equal("auditor", list.Json.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("principalId").GetString() == person).GetProperty("role").GetString());

        var badId = await Grant(app, fundId, "max.mustermann@th-bingen.de", "office");
        Assert.Equal(422, badId.Status);
        Assert.Contains("principalId", badId.ProblemFields);

        var badRole = await app.CallAsync<RoleAdminFunctions>(
            "PUT", $"/api/manage/funds/{fundId}/roles/{person}", (f, r) => f.AssignRole(r, fundId, person, CancellationToken.None),
            rawBody: "{\"role\": \"king\"}", token: app.PlatformAdminToken);
        Assert.Equal(400, badRole.Status);
        Assert.Contains("role", badRole.ProblemFields);
    }

    [Fact]
    public async Task The_audit_trail_is_readable_by_an_auditor()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var auditor = TestData.NewPrincipalId();
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await Grant(app, fundId, auditor, "auditor");

        var response = await app.CallAsync<AuditFunctions>(
            "GET", $"/api/manage/funds/{fundId}/audit", (f, r) => f.ListAudit(r, fundId, CancellationToken.None), token: app.TokenFor(auditor));

        Assert.Equal(200, response.Status);
        var actions = response.Json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["role.assign", "fund.create"], actions);
    }

    internal static Task<TestResponse> Grant(TestApp app, string fundId, string principalId, string role, string? token = null) =>
        app.CallAsync<RoleAdminFunctions>(
            "PUT", $"/api/manage/funds/{fundId}/roles/{principalId}", (f, r) => f.AssignRole(r, fundId, principalId, CancellationToken.None),
            new Dictionary<string, object?> { ["role"] = role, ["label"] = "Test" }, token ?? app.PlatformAdminToken);

    private static Task<TestResponse> GetFund(TestApp app, string fundId, string token) =>
        app.CallAsync<FundAdminFunctions>("GET", $"/api/manage/funds/{fundId}", (f, r) => f.GetFund(r, fundId, CancellationToken.None), token: token);
}
