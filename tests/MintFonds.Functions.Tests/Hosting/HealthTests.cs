using MintFonds.Functions.Health;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Hosting;

/// <summary>
/// GET /api/health, the availability test's probe: 200 when storage answers and the SendGrid key's Key Vault
/// reference is resolved; 503 when the platform left the reference unresolved, without ever showing the key.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HealthTests(SharedFixture shared)
{
    [Fact]
    public async Task Healthy_when_storage_answers_and_the_key_is_resolved_or_not_configured()
    {
        await using var local = await TestApp.StartAsync(shared);
        var outbox = await HealthAsync(local);
        Assert.Equal(200, outbox.Status);
        Assert.Equal("outbox", outbox.Json.GetProperty("mail").GetString());

        await using var resolved = await TestApp.StartAsync(shared, s => s["SendGrid:ApiKey"] = "SG.test-key-that-must-not-be-shown");
        var sendGrid = await HealthAsync(resolved);
        Assert.Equal(200, sendGrid.Status);
        Assert.Equal("sendgrid", sendGrid.Json.GetProperty("mail").GetString());
        Assert.DoesNotContain("SG.", sendGrid.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unresolved_Key_Vault_reference_answers_503()
    {
        const string reference = "@Microsoft.KeyVault(VaultName=kvmzbiprod;SecretName=SendGridApiKey)";
        await using var app = await TestApp.StartAsync(shared, s => s["SendGrid:ApiKey"] = reference);

        var response = await HealthAsync(app);

        Assert.Equal(503, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("Key Vault", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("kvmzbiprod", response.Body, StringComparison.Ordinal);
    }

    private static Task<TestResponse> HealthAsync(TestApp app) =>
        app.CallAsync<HealthFunctions>("GET", "/api/health", (f, r) => f.Health(r, CancellationToken.None));
}
