using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Functions.Http;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Contracts;

/// <summary>
/// Calls any documented operation by its operationId on the real function class, as the host would (route values by
/// name, a real <see cref="HttpContext"/>, the result executed into the response); and checks JSON against the
/// document's schemas with a JSON Schema 2020-12 validator (OpenAPI 3.1's dialect).
/// </summary>
public static class OperationDriver
{
    private static readonly Dictionary<string, MethodInfo> Functions = typeof(HttpApi).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
        .Where(f => f.Attribute is not null)
        .ToDictionary(f => f.Attribute!.Name, f => f.Method, StringComparer.Ordinal);

    public static async Task<TestResponse> InvokeAsync(
        TestApp app,
        Operation operation,
        IReadOnlyDictionary<string, string> routeValues,
        string query = "",
        string? body = null,
        string? token = null,
        IDictionary<string, string>? headers = null,
        string contentType = "application/json",
        byte[]? bytes = null)
    {
        var method = Functions[operation.Id];
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = operation.Method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("mintfonds.test");
        var path = routeValues.Aggregate(operation.Path, (p, v) => p.Replace("{" + v.Key + "}", Uri.EscapeDataString(v.Value), StringComparison.Ordinal));
        context.Request.Path = "/api" + path;
        context.Request.QueryString = new QueryString(query);
        // A binary body (an image) as given; else the text body in UTF-8.
        if ((bytes ?? (body is null ? null : Encoding.UTF8.GetBytes(body))) is { } content)
        {
            context.Request.Body = new MemoryStream(content);
            context.Request.ContentLength = content.Length;
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

        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        var target = ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p =>
            p.ParameterType == typeof(HttpRequest) ? context.Request
            : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : (object?)routeValues[p.Name!]).ToArray();
        var result = await (Task<IActionResult>)method.Invoke(target, arguments)!;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return new TestResponse(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType ?? string.Empty, Encoding.UTF8.GetString(responseBody.ToArray()))
        {
            Bytes = responseBody.ToArray(),
        };
    }

    /// <summary>The schema as a standalone JSON Schema (components as <c>$defs</c>).</summary>
    public static JsonSchema SchemaOf(OpenApiDocument document, JsonNode schema)
    {
        var root = (JsonObject)JsonNode.Parse(schema.ToJsonString())!;
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = JsonNode.Parse(document.Root["components"]!["schemas"]!.ToJsonString());
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    }

    public static bool IsValid(JsonSchema schema, JsonNode? value) =>
        schema.Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
}
