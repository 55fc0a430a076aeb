using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using MintFonds.Core.Json;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>
/// The app as the host would build it (<see cref="Program.BuildHost"/>), wired to the test Azurite and the test signing
/// key, never started. Function classes are resolved from DI and invoked with a real <see cref="HttpContext"/>; their
/// results are executed into the response exactly as the ASP.NET Core integration does.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, Task> Initialized = new();

    private TestApp(IHost host, FakeTimeProvider time, TestTokens tokens, string connectionString)
    {
        Host = host;
        Time = time;
        Tokens = tokens;
        ConnectionString = connectionString;
    }

    /// <summary>The storage connection string the app was built with (the test Azurite).</summary>
    public string ConnectionString { get; }

    public TestTokens Tokens { get; }

    /// <summary>A platform administrator's token, valid at the app's (fake) current time.</summary>
    public string PlatformAdminToken => Tokens.PlatformAdmin(now: Time.GetUtcNow().UtcDateTime);

    /// <summary>A token for a person with no app role, valid at the app's current time.</summary>
    public string TokenFor(string objectId) => Tokens.For(objectId, now: Time.GetUtcNow().UtcDateTime);

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public FakeTimeProvider Time { get; }

    public StorageAccount Storage => Services.GetRequiredService<StorageAccount>();

    public static Dictionary<string, string?> DefaultSettings(SharedFixture shared) => new()
    {
        ["AzureWebJobsStorage"] = shared.Azurite.ConnectionString,
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
        ["Auth:Audience"] = TestTokens.Audience,
        ["Auth:Issuer"] = TestTokens.Issuer,
        ["Auth:SigningKeys"] = shared.Tokens.Jwks,
        ["Auth:PlatformAdminRole"] = TestTokens.PlatformAdminRole,
        ["Seed:Enabled"] = "false",

        // Every test of a run shares one Azurite, one clock hour and one "unknown" client address, and many use the same
        // e-mail address: the anonymous limits are tested in Abuse/, with their own settings, clients and addresses.
        ["Abuse:SubmissionsPerClientPerHour"] = "1000000",
        ["Abuse:SubmissionsPerHour"] = "1000000",
        ["Abuse:SubmissionsPerEmailPerHour"] = "1000000",
        ["Abuse:StatusChecksPerClientPerMinute"] = "1000000",
        ["Abuse:StatusChecksPerMinute"] = "1000000",
        ["Abuse:ConfirmationEmailsPerAddressPerDay"] = "1000000",
    };

    public static async Task<TestApp> StartAsync(
        SharedFixture shared,
        Action<Dictionary<string, string?>>? adjust = null,
        DateTimeOffset? now = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = DefaultSettings(shared);
        adjust?.Invoke(settings);
        var time = new FakeTimeProvider(now ?? DateTimeOffset.UtcNow);
        var host = Program.BuildHost(
            [],
            configuration => configuration.AddInMemoryCollection(settings),
            registrations =>
            {
                registrations.AddSingleton<TimeProvider>(time);
                services?.Invoke(registrations);
            });

        // What StartupTasks does when the host starts; the storage part once per Azurite.
        await Initialized.GetOrAdd(
            shared.Azurite.ConnectionString,
            _ => host.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None));
        return new TestApp(host, time, shared.Tokens, settings["AzureWebJobsStorage"]!);
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// The headers a public form sends with a submission: its challenge for <paramref name="fundId"/>, issued as if the
    /// form had been opened <paramref name="openedAgo"/> (default: a minute) before the app's current time; plus
    /// <paramref name="extra"/>.
    /// </summary>
    public async Task<Dictionary<string, string>> FormHeadersAsync(string fundId, TimeSpan? openedAgo = null, IDictionary<string, string>? extra = null)
    {
        var challenge = await Get<Functions.Abuse.FormChallenges>().CreateAsync(fundId, Time.GetUtcNow() - (openedAgo ?? TimeSpan.FromMinutes(1)), CancellationToken.None);
        var headers = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { [Functions.Abuse.FormChallenges.ChallengeHeader] = challenge };
        return headers;
    }

    /// <summary>Calls an HTTP function as the host would and returns the response it wrote.</summary>
    public async Task<TestResponse> CallAsync<TFunctions>(
        string method,
        string path,
        Func<TFunctions, HttpRequest, Task<IActionResult>> invoke,
        object? json = null,
        string? token = null,
        string? rawBody = null,
        string? contentType = "application/json",
        IDictionary<string, string>? headers = null,
        Action<HttpContext>? prepare = null,
        byte[]? rawBytes = null)
        where TFunctions : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("mintfonds.test");
        // A query string in the path goes where the host puts it.
        var queryStart = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = queryStart < 0 ? path : path[..queryStart];
        context.Request.QueryString = queryStart < 0 ? QueryString.Empty : new QueryString(path[queryStart..]);
        var body = rawBody ?? (json is null ? null : JsonSerializer.Serialize(json, json is JsonElement ? null : MintFondsJson.Api));
        if (body is not null || rawBytes is not null)
        {
            // Raw bytes go as they are: a test can send what no C# string can hold (bytes that are not UTF-8).
            var bytes = rawBytes ?? Encoding.UTF8.GetBytes(body!);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        prepare?.Invoke(context);
        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        var functions = scope.ServiceProvider.GetRequiredService<TFunctions>();
        var result = await invoke(functions, context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return new TestResponse(
            context.Response.StatusCode,
            context.Response.Headers,
            context.Response.ContentType ?? string.Empty,
            Encoding.UTF8.GetString(responseBody.ToArray()))
        {
            Bytes = responseBody.ToArray(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
