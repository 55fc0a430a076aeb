using MintFonds.Functions.OpenApi;
using MintFonds.Functions.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace MintFonds.Functions.Tests.Contract;

/// <summary>The OpenAPI document describes exactly the HTTP routes the host serves, is served by the app, and lints clean.</summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiTests(SharedFixture shared)
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public void Every_route_in_the_metadata_is_documented_and_every_documented_route_exists()
    {
        var fromMetadata = FunctionsMetadata.Load()
            .Where(f => f.Trigger == "httpTrigger")
            .SelectMany(f => f.Methods.Select(m => $"{m.ToUpperInvariant()} /{CatchAllAsParameter(f.Route!)}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(fromMetadata, DocumentedOperations().Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_operation_id_is_the_function_name_and_admin_routes_require_a_token()
    {
        var functions = FunctionsMetadata.Load().Where(f => f.Trigger == "httpTrigger")
            .ToDictionary(f => $"{f.Methods.Single().ToUpperInvariant()} /{CatchAllAsParameter(f.Route!)}", f => f.Name, StringComparer.Ordinal);
        foreach (var operation in DocumentedOperations())
        {
            Assert.Equal(functions[$"{operation.Method} {operation.Path}"], operation.OperationId, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(operation.Path.StartsWith("/manage/", StringComparison.Ordinal), operation.RequiresToken);
        }
    }

    [Fact]
    public async Task The_document_is_served_as_YAML()
    {
        await using var app = await TestApp.StartAsync(shared);
        var response = await app.CallAsync<OpenApiFunctions>("GET", "/api/openapi.yaml", (f, r) => f.GetOpenApiDocument(r));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/yaml", response.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("openapi: 3.1", response.Body.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redocly_lints_the_document_without_errors_or_warnings()
    {
        var run = await ExternalTool.RunAsync(
            ExternalTool.NpmTool("redocly"),
            ["lint", "functions/MintFonds.Functions/OpenApi/openapi.yaml", "--format", "stylish"],
            TimeSpan.FromMinutes(2));

        // Redocly's own notices (e.g. about the Node.js version) are not findings; its summary line is.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Your API description is valid", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d+ warnings?\b", run.StandardOutput + run.StandardError);
    }

    /// <summary>OpenAPI has no catch-all: the host's <c>{*path}</c> is documented as the parameter <c>{path}</c>.</summary>
    private static string CatchAllAsParameter(string route) => route.Replace("{*", "{", StringComparison.Ordinal);

    private sealed record Operation(string Method, string Path, string OperationId, bool RequiresToken);

    private static List<Operation> DocumentedOperations()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(OpenApiFunctions.Load()))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var globalSecurity = root.Children.TryGetValue(new YamlScalarNode("security"), out var security) && ((YamlSequenceNode)security).Children.Count > 0;
        var operations = new List<Operation>();
        foreach (var (path, item) in (YamlMappingNode)root.Children[new YamlScalarNode("paths")])
        {
            foreach (var (method, node) in (YamlMappingNode)item)
            {
                var name = ((YamlScalarNode)method).Value!;
                if (!HttpMethods.Contains(name))
                {
                    continue;
                }

                var operation = (YamlMappingNode)node;
                var requiresToken = operation.Children.TryGetValue(new YamlScalarNode("security"), out var own)
                    ? ((YamlSequenceNode)own).Children.Count > 0
                    : globalSecurity;
                operations.Add(new Operation(
                    name.ToUpperInvariant(),
                    ((YamlScalarNode)path).Value!,
                    ((YamlScalarNode)operation.Children[new YamlScalarNode("operationId")]).Value!,
                    requiresToken));
            }
        }

        return operations;
    }
}
