using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Functions.Health;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Contracts;

/// <summary>
/// GET /api/health answers 503 (problem+json), never 500, whatever the storage SDK throws when storage cannot be reached:
/// a policy in the real SDK pipeline throws each kind of exception a deployment meets.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HealthProbeTests(SharedFixture shared)
{
    public static TheoryData<string> Failures() =>
    [
        "RequestFailedException", "IOException", "HttpRequestException", "AuthenticationFailedException",
        "CredentialUnavailableException", "TaskCanceledException", "TimeoutException", "InvalidOperationException",
        "UnauthorizedAccessException", "AggregateException", "SocketException",
    ];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Health_answers_503_whatever_the_storage_sdk_throws(string failure)
    {
        var policy = new ThrowingPolicy(failure);
        await using var app = await TestApp.StartAsync(
            shared,
            settings =>
            {
                settings["Storage:MaxRetries"] = "1";
                settings["Storage:DelayMilliseconds"] = "1";
            },
            services: s => s.AddSingleton<HttpPipelinePolicy>(policy));

        policy.Enabled = true;
        var response = await app.CallAsync<HealthFunctions>("GET", "/api/health", (f, r) => f.Health(r, CancellationToken.None));

        Assert.True(policy.Thrown > 0, "the policy was not reached");
        Assert.Equal(503, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_200_when_storage_answers()
    {
        await using var app = await TestApp.StartAsync(shared);
        var response = await app.CallAsync<HealthFunctions>("GET", "/api/health", (f, r) => f.Health(r, CancellationToken.None));
        Assert.Equal(200, response.Status);
    }

    private sealed class ThrowingPolicy(string failure) : HttpPipelinePolicy
    {
        private int _thrown;

        public bool Enabled { get; set; }

        public int Thrown => _thrown;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Enabled)
            {
                Interlocked.Increment(ref _thrown);
                throw Create();
            }

            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Enabled)
            {
                Interlocked.Increment(ref _thrown);
                await Task.Yield();
                throw Create();
            }

            await ProcessNextAsync(message, pipeline);
        }

        private Exception Create() => failure switch
        {
            "RequestFailedException" => new RequestFailedException(403, "AuthorizationPermissionMismatch"),
            "IOException" => new IOException("connection reset"),
            "HttpRequestException" => new HttpRequestException("No such host is known."),
            "AuthenticationFailedException" => new AuthenticationFailedException("ManagedIdentityCredential authentication failed."),
            "CredentialUnavailableException" => new CredentialUnavailableException("No managed identity endpoint found."),
            "TaskCanceledException" => new TaskCanceledException("The operation was cancelled because it exceeded the network timeout."),
            "TimeoutException" => new TimeoutException(),
            "InvalidOperationException" => new InvalidOperationException("The Key Vault reference could not be resolved."),
            "UnauthorizedAccessException" => new UnauthorizedAccessException(),
            "AggregateException" => new AggregateException(new RequestFailedException(503, "ServerBusy")),
            "SocketException" => new System.Net.Sockets.SocketException(10061),
            _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
        };
    }
}
