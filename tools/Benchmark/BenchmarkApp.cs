using System.Text;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MintFonds.Functions.Abuse;

using MintFonds.Functions.Storage;

namespace MintFonds.Tools.Benchmark;

/// <summary>
/// The app as the host builds it (<see cref="Program.BuildHost"/>), never started, with a request counter in every
/// storage client. Function classes are resolved from DI and called with a real <see cref="HttpContext"/>, as the
/// ASP.NET Core integration calls them, so a measured submission runs everything a real one runs except the network.
/// </summary>
internal sealed class BenchmarkApp : IAsyncDisposable
{
    private BenchmarkApp(IHost host, StorageRequestCounter counter, ShiftableClock clock)
    {
        Host = host;
        Counter = counter;
        Clock = clock;
    }

    public IHost Host { get; }

    public StorageRequestCounter Counter { get; }

    /// <summary>The app's clock: real time, shifted forward where a scenario needs rows to look old.</summary>
    public ShiftableClock Clock { get; }

    public StorageAccount Storage => Get<StorageAccount>();

    /// <summary>Settings of a development host against <paramref name="connectionString"/>; no signing keys, no seed.</summary>
    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
        ["Auth:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
        ["Auth:Audience"] = "api://mintfonds-benchmark",
        ["Auth:PlatformAdminRole"] = "MintFonds.PlatformAdmin",
        ["Seed:Enabled"] = "false",

        // Intake is measured as deployed, with the abuse layer (form challenge, counters per client, address and window):
        // each submission comes from its own client and address, as form users do; only the limits are raised so the
        // load is not refused.
        ["Abuse:FormChallengeRequired"] = "true",
        ["Abuse:MinimumFillSeconds"] = "0",
        ["Abuse:SubmissionsPerClientPerHour"] = "100000000",
        ["Abuse:SubmissionsPerHour"] = "100000000",
        ["Abuse:SubmissionsPerEmailPerHour"] = "100000000",
        ["Abuse:ConfirmationEmailsPerAddressPerDay"] = "100000000",
        ["OutboxRelaySchedule"] = "0 */5 * * * *",
        ["CollectiveReceiptSchedule"] = "0 0 6 15 1 *",
        ["SponsorReportSchedule"] = "0 0 6 1 1,4,7,10 *",
        ["FigureFoldSchedule"] = "0 */5 * * * *",
    };

    public static async Task<BenchmarkApp> StartAsync(string connectionString)
    {
        var counter = new StorageRequestCounter();
        var clock = new ShiftableClock();
        var host = MintFonds.Functions.Program.BuildHost(
            [],
            configuration => configuration.AddInMemoryCollection(Settings(connectionString)),
            services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<HttpPipelinePolicy>(counter);
                services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            });
        await host.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return new BenchmarkApp(host, counter, clock);
    }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Posts <paramref name="body"/> to an HTTP function and returns the status code it answered with.</summary>
    public async Task<int> PostAsync<TFunctions>(
        string path, Func<TFunctions, HttpRequest, Task<IActionResult>> invoke, byte[] body, string? idempotencyKey = null, IReadOnlyDictionary<string, string>? headers = null)
        where TFunctions : notnull
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "POST";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("mintfonds.benchmark");
        context.Request.Path = path;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.ContentType = "application/json";
        if (idempotencyKey is not null)
        {
            context.Request.Headers["Idempotency-Key"] = idempotencyKey;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        var result = await invoke(scope.ServiceProvider.GetRequiredService<TFunctions>(), context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        if (context.Response.StatusCode >= 400)
        {
            context.Response.Body.Position = 0;
            using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
            throw new InvalidOperationException($"{path} answered {context.Response.StatusCode}: {await reader.ReadToEndAsync()}");
        }

        return context.Response.StatusCode;
    }

    /// <summary>What a form sends besides its body: the client's address (as the front end forwards it) and a form challenge.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FormHeadersAsync(string fundId) => new Dictionary<string, string>
    {
        ["X-Forwarded-For"] = Samples.ClientAddress(Samples.NextPerson()),
        [FormChallenges.ChallengeHeader] = await Get<FormChallenges>().CreateAsync(fundId, Clock.GetUtcNow().AddMinutes(-1), CancellationToken.None),
    };

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}

/// <summary>System time plus an offset the benchmark can move (e.g. to make outbox rows older than the relay's grace period).</summary>
internal sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
