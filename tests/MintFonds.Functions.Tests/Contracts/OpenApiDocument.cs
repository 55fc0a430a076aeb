using System.Globalization;
using System.Text.Json.Nodes;
using MintFonds.Functions.OpenApi;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MintFonds.Functions.Tests.Contracts;

/// <summary>
/// The served <c>openapi.yaml</c> as JSON (plain YAML scalars typed as YAML 1.2's core schema types them, quoted ones
/// stay text), with <c>$ref</c> resolution and its operations listed.
/// </summary>
public sealed class OpenApiDocument
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private OpenApiDocument(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public static OpenApiDocument Load() => Parse(OpenApiFunctions.Load());

    public static OpenApiDocument Parse(string yamlText)
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(yamlText))
        {
            yaml.Load(reader);
        }

        return new OpenApiDocument((JsonObject)ToJson(yaml.Documents[0].RootNode)!);
    }

    public IEnumerable<Operation> Operations()
    {
        foreach (var (path, item) in (JsonObject)Root["paths"]!)
        {
            var pathParameters = item!["parameters"] as JsonArray;
            foreach (var (method, node) in (JsonObject)item)
            {
                if (Methods.Contains(method))
                {
                    yield return new Operation(this, method.ToUpperInvariant(), path, (JsonObject)node!, pathParameters);
                }
            }
        }
    }

    /// <summary>Follows <c>$ref</c> until a node without one.</summary>
    public JsonNode Resolve(JsonNode node)
    {
        var seen = 0;
        while (node is JsonObject obj && obj["$ref"] is JsonValue reference)
        {
            var target = reference.GetValue<string>();
            if (!target.StartsWith("#/", StringComparison.Ordinal) || ++seen > 20)
            {
                throw new InvalidOperationException($"Unsupported $ref {target}");
            }

            JsonNode? current = Root;
            foreach (var part in target[2..].Split('/'))
            {
                current = current?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = current ?? throw new InvalidOperationException($"Dangling $ref {target}");
        }

        return node;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"Unsupported YAML node {node.NodeType}"),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "null" or "~" or "" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when System.Text.RegularExpressions.Regex.IsMatch(text, @"^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")
                => JsonValue.Create(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }
}

/// <summary>One documented operation.</summary>
public sealed record Operation(OpenApiDocument Document, string Method, string Path, JsonObject Node, JsonArray? PathParameters)
{
    public string Id => Node["operationId"]!.GetValue<string>();

    /// <summary>The request body per media type, or none.</summary>
    public IReadOnlyDictionary<string, JsonObject> RequestContent =>
        Node["requestBody"] is { } body && Document.Resolve(body)["content"] is JsonObject content
            ? content.ToDictionary(c => c.Key, c => (JsonObject)c.Value!)
            : new Dictionary<string, JsonObject>();

    public bool RequestBodyRequired => Node["requestBody"] is { } body && Document.Resolve(body)["required"]?.GetValue<bool>() == true;

    /// <summary>(status, media type, media object) of every response with content.</summary>
    public IEnumerable<(string Status, string MediaType, JsonObject Media)> ResponseContent()
    {
        foreach (var (status, response) in (JsonObject)Node["responses"]!)
        {
            if (Document.Resolve(response!)["content"] is JsonObject content)
            {
                foreach (var (mediaType, media) in content)
                {
                    yield return (status, mediaType, (JsonObject)media!);
                }
            }
        }
    }

    public IEnumerable<string> Statuses => ((JsonObject)Node["responses"]!).Select(r => r.Key);

    /// <summary>Path, query and header parameters, resolved (operation-level ones after path-level ones).</summary>
    public IEnumerable<JsonObject> Parameters() =>
        (PathParameters ?? []).Concat(Node["parameters"] as JsonArray ?? []).Select(p => (JsonObject)Document.Resolve(p!));

    /// <summary>Named examples of a media object (resolved), or its single <c>example</c>.</summary>
    public IEnumerable<(string Name, JsonNode? Value)> Examples(JsonObject media)
    {
        if (media["examples"] is JsonObject examples)
        {
            foreach (var (name, example) in examples)
            {
                yield return (name, Document.Resolve(example!)["value"]);
            }
        }

        if (media.ContainsKey("example"))
        {
            yield return ("example", media["example"]);
        }
    }

    public override string ToString() => $"{Id} ({Method} {Path})";
}
