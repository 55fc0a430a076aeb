using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.OpenApi;
using MintFonds.Functions.Tests.Abuse;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Security;

/// <summary>Sub-point 5: every answer carries the security headers, set in the one place answers are written.</summary>
[Collection(AppCollection.Name)]
public sealed class SecurityHeadersTests(SharedFixture shared)
{
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "no-store",
        ["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'",
        ["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains",
        ["X-Frame-Options"] = "DENY",
        ["Cross-Origin-Resource-Policy"] = "same-site",
    };

    [Fact]
    public async Task A_success_a_problem_a_limit_and_a_server_error_all_carry_the_security_headers()
    {
        await using var app = await AbuseTestKit.StartAsync(shared, hour: 80, ("StatusChecksPerClientPerMinute", "1"));
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);

        var success = await app.CallAsync<PublicCallFunctions>("GET", $"/api/funds/{fundId}/calls", (f, r) => f.ListOpenCalls(r, fundId, CancellationToken.None));
        var created = await AbuseTestKit.SubmitAsync(app, fundId, AbuseTestKit.Application(1));
        var text = await app.CallAsync<OpenApiFunctions>("GET", "/api/openapi.yaml", (f, r) => f.GetOpenApiDocument(r));
        var problem = await app.CallAsync<PublicCallFunctions>("GET", "/api/funds/gibt-es-nicht/calls", (f, r) => f.ListOpenCalls(r, "gibt-es-nicht", CancellationToken.None));
        await AbuseTestKit.StatusAsync(app, fundId, "MRF-2026-0001", "203.0.113.80");
        var limited = await AbuseTestKit.StatusAsync(app, fundId, "MRF-2026-0001", "203.0.113.80");
        var serverError = await app.CallAsync<HttpApi>(
            "GET", "/api/boom", (api, r) => api.RunAsync(r, "Boom", () => throw new InvalidOperationException("kaputt")));

        Assert.Equal(200, success.Status);
        Assert.Equal(201, created.Status);
        Assert.Equal(200, text.Status);
        Assert.Equal(404, problem.Status);
        Assert.Equal(429, limited.Status);
        Assert.Equal(500, serverError.Status);
        Assert.StartsWith("application/problem+json", serverError.ContentType, StringComparison.Ordinal);
        foreach (var response in new[] { success, created, text, problem, limited, serverError })
        {
            foreach (var (name, value) in Expected)
            {
                Assert.True(response.Header(name) == value, $"{name} of {response.Status}: '{response.Header(name)}'");
            }
        }

        // The answer's own headers are kept beside them.
        Assert.NotNull(created.Header("Location"));
        Assert.NotNull(limited.Header("Retry-After"));
    }
}
