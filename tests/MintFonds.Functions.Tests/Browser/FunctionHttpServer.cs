using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Browser;

/// <summary>
/// Test infrastructure, not a product host: a Kestrel server on a free loopback port that answers a real browser's
/// HTTP requests the way the Functions host would. Each request is routed by the built functions.metadata (route
/// template under <c>/api</c>, HTTP method) to its function class, which is resolved from the app's DI in a request
/// scope and invoked with the request, its route values and the abort token; its result is executed into the
/// response, exactly as <see cref="TestApp.CallAsync"/> does for every other test. Unknown routes get the host's empty
/// 404.
/// </summary>
public sealed class FunctionHttpServer : IAsyncDisposable
{
    private const string RoutePrefix = "/api/";

    private readonly WebApplication _web;
    private readonly IReadOnlyList<HttpRoute> _routes;
    private readonly TestApp _app;
    private int _requests;

    private FunctionHttpServer(WebApplication web, IReadOnlyList<HttpRoute> routes, TestApp app, Uri baseAddress)
    {
        _web = web;
        _routes = routes;
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public Uri BaseAddress { get; }

    /// <summary>Requests answered so far, by "METHOD /path" (for a test asserting what a page sent).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    public int RequestCount => _requests;

    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    /// <summary>Takes a free port first, so the app's settings (the status link's base address) can name it.</summary>
    public static int TakePort() => FreePorts.Take(1)[0];

    public static async Task<FunctionHttpServer> StartAsync(TestApp app, int port)
    {
        var routes = HttpRoute.Load(typeof(Program).Assembly);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var web = builder.Build();
        var server = new FunctionHttpServer(web, routes, app, new Uri($"http://127.0.0.1:{port}"));
        web.Run(server.HandleAsync);
        await web.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Log.Enqueue($"{context.Request.Method} {context.Request.Path}");
        var path = context.Request.Path.Value ?? string.Empty;
        var match = path.StartsWith(RoutePrefix, StringComparison.Ordinal)
            ? _routes
                .Where(r => r.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
                .Select(r => (Route: r, Values: r.Match(path[(RoutePrefix.Length - 1)..])))
                .Where(m => m.Values is not null)
                .OrderByDescending(m => m.Route.LiteralSegments)
                .ThenBy(m => m.Route.HasCatchAll)
                .FirstOrDefault()
            : default;
        if (match.Route is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using var scope = _app.Services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        var functions = scope.ServiceProvider.GetRequiredService(match.Route.Method.DeclaringType!);
        var arguments = match.Route.Method.GetParameters().Select(p => Argument(p, context, match.Values!)).ToArray();
        var result = await (Task<IActionResult>)match.Route.Method.Invoke(functions, arguments)!;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(match.Values!), new ActionDescriptor()));
    }

    private static object? Argument(ParameterInfo parameter, HttpContext context, RouteValueDictionary values) =>
        parameter.ParameterType == typeof(HttpRequest) ? context.Request
        : parameter.ParameterType == typeof(CancellationToken) ? context.RequestAborted
        : parameter.ParameterType == typeof(string) ? values.TryGetValue(parameter.Name!, out var value) ? value?.ToString() : null
        : throw new NotSupportedException($"The browser tests' host cannot bind {parameter.ParameterType.Name} {parameter.Name}.");

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }

    /// <summary>One HTTP function of functions.metadata: its route template, methods and the method it runs.</summary>
    private sealed record HttpRoute(TemplateMatcher Matcher, IReadOnlyList<string> Methods, MethodInfo Method, int LiteralSegments, bool HasCatchAll)
    {
        public static IReadOnlyList<HttpRoute> Load(Assembly functions) =>
        [
            .. FunctionsMetadata.Load().Where(f => f.Trigger == "httpTrigger").Select(f =>
            {
                var split = f.EntryPoint.LastIndexOf('.');
                var type = functions.GetType(f.EntryPoint[..split], throwOnError: true)!;
                var method = type.GetMethod(f.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance)
                    ?? throw new InvalidOperationException("functions.metadata names a method that does not exist: " + f.EntryPoint);
                var template = TemplateParser.Parse(f.Route!);
                return new HttpRoute(
                    new TemplateMatcher(template, new RouteValueDictionary()),
                    f.Methods,
                    method,
                    template.Segments.Count(s => s.Parts.All(p => p.IsLiteral)),
                    template.Parameters.Any(p => p.IsCatchAll));
            }),
        ];

        public RouteValueDictionary? Match(string path)
        {
            var values = new RouteValueDictionary();
            return Matcher.TryMatch(path, values) ? values : null;
        }
    }
}
