using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// Token checks as strict as the README says: exact audience, a lifetime that makes sense, only Entra access tokens
/// (version, token type, client app), no header we do not understand, role claims taken literally, and development
/// keys only where the Functions host says Development, checked when the host starts.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TokenStrictnessTests(SharedFixture shared)
{
    private const string OtherClientAppId = "0f9e8d7c-6b5a-4948-3726-15a4b3c2d1e0";

    /// <summary>Changes to a valid platform-admin token's payload (and header) and the audit reason of the refusal.</summary>
    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "audience-with-trailing-slash", "token:WrongAudience" },
        { "audience-in-other-case", "token:WrongAudience" },
        { "nbf-after-exp", "token:InvalidLifetime" },
        { "nbf-equals-exp", "token:InvalidLifetime" },
        { "no-ver", "token:UnsupportedVersion" },
        { "ver-3.0", "token:UnsupportedVersion" },
        { "ver-as-number", "token:UnsupportedVersion" },
        { "ver-padded", "token:UnsupportedVersion" },
        { "ver-twice", "token:UnsupportedVersion" },
        { "idtyp-id", "token:NotAnAccessToken" },
        { "idtyp-device", "token:NotAnAccessToken" },
        { "idtyp-empty", "token:NotAnAccessToken" },
        { "idtyp-App", "token:NotAnAccessToken" },
        { "crit-exp", "token:CriticalHeader" },
        { "crit-b64", "token:CriticalHeader" },
        { "crit-empty", "token:CriticalHeader" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_token_that_is_not_an_exact_Entra_access_token_for_this_API_is_refused_and_audited(string kind, string auditReason)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();
        var now = app.Time.GetUtcNow().UtcDateTime;
        var payload = TestTokens.Payload(person, now, TestTokens.PlatformAdminRole);
        Dictionary<string, object>? header = null;
        static long Seconds(DateTime time) => new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeSeconds();
        switch (kind)
        {
            case "audience-with-trailing-slash": payload["aud"] = TestTokens.Audience + "/"; break;
            case "audience-in-other-case": payload["aud"] = TestTokens.Audience.ToUpperInvariant(); break;

            // Both inside the clock skew around now, so only the order of the two refuses them.
            case "nbf-after-exp": payload["nbf"] = Seconds(now.AddSeconds(60)); payload["exp"] = Seconds(now.AddSeconds(30)); break;
            case "nbf-equals-exp": payload["nbf"] = Seconds(now.AddSeconds(30)); payload["exp"] = Seconds(now.AddSeconds(30)); break;
            case "no-ver": payload["ver"] = null; break;
            case "ver-3.0": payload["ver"] = "3.0"; break;
            case "ver-as-number": payload["ver"] = 2.0; break;
            case "ver-padded": payload["ver"] = "2.0 "; break;
            case "ver-twice": payload["ver"] = new[] { "2.0", "1.0" }; break;
            case "idtyp-id": payload["idtyp"] = "id"; break;
            case "idtyp-device": payload["idtyp"] = "device"; break;
            case "idtyp-empty": payload["idtyp"] = string.Empty; break;
            case "idtyp-App": payload["idtyp"] = "App"; break;
            case "crit-exp": header = new() { ["crit"] = new[] { "exp" }, ["exp"] = Seconds(now.AddHours(1)) }; break;
            case "crit-b64": header = new() { ["crit"] = new[] { "b64" }, ["b64"] = true }; break;
            case "crit-empty": header = new() { ["crit"] = Array.Empty<string>() }; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }

        var response = await GetFund(app, fundId, app.Tokens.Sign(payload, header));

        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        var audit = await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Outcome == AuditOutcome.Refused && e.Reason == auditReason && e.Action == nameof(FundAdminFunctions.GetFund));
    }

    [Fact]
    public async Task The_configured_audience_is_compared_exactly_too()
    {
        await using var app = await TestApp.StartAsync(shared, settings => settings["Auth:Audience"] = TestTokens.Audience + "/");
        var fundId = TestData.NewFundId();
        var payload = TestTokens.Payload(TestData.NewPrincipalId(), app.Time.GetUtcNow().UtcDateTime, TestTokens.PlatformAdminRole);
        var withoutSlash = app.Tokens.Sign(payload);
        payload["aud"] = TestTokens.Audience + "/";
        var withSlash = app.Tokens.Sign(payload);

        Assert.Equal(401, (await GetFund(app, fundId, withoutSlash)).Status);
        Assert.Equal(404, (await GetFund(app, fundId, withSlash)).Status); // past the token check; the fund does not exist
    }

    [Theory]
    [InlineData("2.0", "app")]
    [InlineData("2.0", "user")]
    [InlineData("2.0", null)]
    [InlineData("1.0", null)]
    public async Task Access_tokens_of_both_Entra_versions_and_both_token_types_are_accepted(string version, string? idtyp)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var payload = TestTokens.Payload(TestData.NewPrincipalId(), app.Time.GetUtcNow().UtcDateTime, TestTokens.PlatformAdminRole);
        payload["ver"] = version;
        payload["idtyp"] = idtyp;
        if (version == "1.0")
        {
            payload["azp"] = null;
            payload["appid"] = TestTokens.ClientAppId;
        }

        Assert.Equal(200, (await GetFund(app, fundId, app.Tokens.Sign(payload))).Status);
    }

    [Theory]
    [InlineData("2.0", "azp", TestTokens.ClientAppId, 200)]
    [InlineData("2.0", "azp", OtherClientAppId, 401)]
    [InlineData("2.0", "azp", null, 401)]
    [InlineData("2.0", "appid", TestTokens.ClientAppId, 401)]
    [InlineData("1.0", "appid", TestTokens.ClientAppId, 200)]
    [InlineData("1.0", "appid", OtherClientAppId, 401)]
    [InlineData("1.0", "azp", TestTokens.ClientAppId, 401)]
    [InlineData("2.0", "azp", "7C0E5B1A-3D2F-4A6B-8C9D-0E1F2A3B4C5D", 401)]
    public async Task Where_client_apps_are_configured_only_their_tokens_are_accepted(string version, string claim, string? clientId, int status)
    {
        await using var app = await TestApp.StartAsync(shared, settings => settings["Auth:AllowedClientApps"] = $"{TestTokens.ClientAppId}, 11111111-0000-4000-8000-000000000000");
        var fundId = await CallTests.NewFund(app);
        var payload = TestTokens.Payload(TestData.NewPrincipalId(), app.Time.GetUtcNow().UtcDateTime, TestTokens.PlatformAdminRole);
        payload["ver"] = version;
        payload["azp"] = null;
        payload[claim] = clientId;

        var response = await GetFund(app, fundId, app.Tokens.Sign(payload));

        Assert.Equal(status, response.Status);
        if (status == 401)
        {
            var audit = await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
            Assert.Contains(audit, e => e.Outcome == AuditOutcome.Refused && e.Reason == "token:ClientNotAllowed");
        }
    }

    [Fact]
    public async Task Without_configured_client_apps_any_client_of_the_tenant_may_call()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var payload = TestTokens.Payload(TestData.NewPrincipalId(), app.Time.GetUtcNow().UtcDateTime, TestTokens.PlatformAdminRole);
        payload["azp"] = OtherClientAppId;

        Assert.Equal(200, (await GetFund(app, fundId, app.Tokens.Sign(payload))).Status);
    }

    public static TheoryData<object> NotTheAdminRole => new()
    {
        "MintFonds.PlatformAdmin,Other",
        "MintFonds.PlatformAdmin Other",
        " MintFonds.PlatformAdmin",
        "MintFonds.PlatformAdmin\n",
        "mintfonds.platformadmin",
        "MINTFONDS.PLATFORMADMIN",
        new[] { "mintfonds.platformadmin", "Other" },
        new[] { "MintFonds.PlatformAdmin,Other" },
        new object[] { new[] { "MintFonds.PlatformAdmin" } },
        new Dictionary<string, string> { ["role"] = "MintFonds.PlatformAdmin" },
    };

    [Theory]
    [MemberData(nameof(NotTheAdminRole))]
    public async Task Role_claims_are_taken_literally_one_value_one_role(object roles)
    {
        await using var app = await TestApp.StartAsync(shared);
        var person = TestData.NewPrincipalId();
        var payload = TestTokens.Payload(person, app.Time.GetUtcNow().UtcDateTime);
        payload["roles"] = roles;

        var response = await FundAdminTests.CreateFund(app, TestData.Fund(TestData.NewFundId()), app.Tokens.Sign(payload));

        Assert.Equal(403, response.Status);
        var audit = await app.Get<AuditLog>().ListAsync(AuditLog.PlatformSubject, 500, CancellationToken.None);
        Assert.Contains(audit, e => e.PrincipalId == person && e.Reason == "role:platform-admin-required");
    }

    [Fact]
    public async Task The_admin_role_among_other_roles_counts()
    {
        await using var app = await TestApp.StartAsync(shared);
        var payload = TestTokens.Payload(TestData.NewPrincipalId(), app.Time.GetUtcNow().UtcDateTime, "Other", TestTokens.PlatformAdminRole);

        var response = await FundAdminTests.CreateFund(app, TestData.Fund(TestData.NewFundId()), app.Tokens.Sign(payload));

        Assert.Equal(201, response.Status);
    }

    /// <summary>Environments in which the host must refuse to start while a static key set is configured.</summary>
    public static TheoryData<string?, string?> NotDevelopment => new()
    {
        { null, "Development" },
        { "Production", "Development" },
        { "Staging", null },
        { "development", null },
        { string.Empty, "Development" },
    };

    [Theory]
    [MemberData(nameof(NotDevelopment))]
    public async Task Static_signing_keys_outside_Development_stop_the_host_from_starting(string? functionsEnvironment, string? dotnetEnvironment)
    {
        using var host = BuildHost(settings =>
        {
            settings["AZURE_FUNCTIONS_ENVIRONMENT"] = functionsEnvironment;
            settings["DOTNET_ENVIRONMENT"] = dotnetEnvironment;
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(timeout.Token));

        Assert.Contains("AZURE_FUNCTIONS_ENVIRONMENT", error.Message, StringComparison.Ordinal);
        Assert.Contains("Auth__SigningKeys", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auth:Audience", null, "Auth__Audience")]
    [InlineData("Auth:Issuer", null, "Auth__Issuer")]
    [InlineData("Auth:SigningKeys", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}", "Auth__SigningKeys")]
    [InlineData("Auth:SigningKeys", "not json", "Auth__SigningKeys")]
    [InlineData("Auth:PlatformAdminRole", "MintFonds.PlatformAdmin, Other", "Auth__PlatformAdminRole")]
    [InlineData("Auth:PlatformAdminRole", "", "Auth__PlatformAdminRole")]
    public async Task Unsafe_or_incomplete_auth_settings_stop_the_host_from_starting(string key, string? value, string named)
    {
        using var host = BuildHost(settings => settings[key] = value);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(timeout.Token));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_static_keys_an_https_authority_is_required_at_start()
    {
        using var host = BuildHost(settings =>
        {
            settings["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
            settings["Auth:SigningKeys"] = null;
            settings["Auth:Authority"] = "http://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0";
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains("Auth__Authority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_Development_the_start_up_checks_accept_the_static_keys()
    {
        using var host = BuildHost(_ => { });

        // What the host runs first when it starts, before any hosted service.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    private Microsoft.Extensions.Hosting.IHost BuildHost(Action<Dictionary<string, string?>> adjust)
    {
        var settings = TestApp.DefaultSettings(shared);

        // What the Functions host passes to its worker: the worker's own services need it to be constructed at start.
        // Nothing listens there; the start-up checks run before any hosted service starts and connects.
        settings["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9";
        settings["Functions:Worker:WorkerId"] = Guid.NewGuid().ToString();
        settings["Functions:Worker:RequestId"] = Guid.NewGuid().ToString();
        settings["Functions:Worker:GrpcMaxMessageLength"] = "2147483647";
        adjust(settings);
        return Program.BuildHost([], configuration => configuration.AddInMemoryCollection(settings));
    }

    private static Task<TestResponse> GetFund(TestApp app, string fundId, string token) =>
        app.CallAsync<FundAdminFunctions>("GET", $"/api/manage/funds/{fundId}", (f, r) => f.GetFund(r, fundId, CancellationToken.None), token: token);
}
