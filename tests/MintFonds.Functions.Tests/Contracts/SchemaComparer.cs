using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MintFonds.Core.Json;
using MintFonds.Core.Money;

namespace MintFonds.Functions.Tests.Contracts;

public enum Direction
{
    /// <summary>What a client sends and the code reads (strict options: unknown fields refused).</summary>
    Request,

    /// <summary>What the code writes (nulls left out).</summary>
    Response,
}

/// <summary>
/// Compares a schema of the OpenAPI document with the JSON contract of a C# type as <see cref="MintFondsJson.Api"/>
/// sees it (<see cref="JsonTypeInfo"/>: the names, types, converters and nullability the serializer really uses),
/// field by field: names, required-ness, types and formats, enum values, nullability, closed objects.
/// <list type="bullet">
/// <item>Responses: a non-nullable member is always written, so it must be <c>required</c>; a nullable one is left
/// out when null (never written as <c>null</c>), so it must be optional and must not allow <c>null</c>.</item>
/// <item>Requests: the input records read everything as optional (the validators decide, and say so per field);
/// a nullable member takes an explicit <c>null</c> as "not given", so an optional field must allow <c>null</c>.
/// Which fields the validators require is checked by driving the functions (<see cref="ExampleContractTests"/>).
/// Unknown fields are refused, so every request object must say <c>additionalProperties: false</c>.</item>
/// </list>
/// </summary>
public sealed class SchemaComparer(OpenApiDocument document, Direction direction)
{
    /// <summary>
    /// Members whose enum type has more values than the member ever holds, so the document lists fewer: the applicant's
    /// decision is only ever approved or rejected.
    /// </summary>
    private static readonly HashSet<string> NarrowedEnums = new(StringComparer.Ordinal) { "DecisionView.outcome", "Decision.outcome" };

    private readonly HashSet<(JsonNode, Type)> _visited = new(new PairComparer());

    private bool _narrowed;

    public List<string> Findings { get; } = [];

    /// <summary>Paths (below the root, e.g. <c>application.statusTokenHash</c>) the function always nulls before answering.</summary>
    public IReadOnlyCollection<string> NeverWritten { get; init; } = [];

    /// <summary>The path of the body itself in findings.</summary>
    public string Root { get; init; } = "body";

    public void Compare(JsonNode schema, Type type, string at)
    {
        var (clr, _) = Unwrap(type);
        if (clr == typeof(object) || clr == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(clr))
        {
            return;
        }

        var view = SchemaView.Of(document, schema);
        if (!_visited.Add((view.Identity, clr)))
        {
            return;
        }

        var info = MintFondsJson.Api.GetTypeInfo(clr);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                CompareObject(view, info, at);
                break;
            case JsonTypeInfoKind.Enumerable:
                ExpectType(view, "array", at);
                if (view.Items is null)
                {
                    Findings.Add($"{at}: array without `items` (code: {Name(info.ElementType!)})");
                }
                else
                {
                    Compare(view.Items, info.ElementType!, at + "[]");
                }

                break;
            case JsonTypeInfoKind.Dictionary:
                ExpectType(view, "object", at);
                if (view.AdditionalProperties is JsonObject values)
                {
                    Compare(values, info.ElementType!, at + "{}");
                }
                else if (view.Properties.Count == 0)
                {
                    Findings.Add($"{at}: a map in the code ({Name(clr)}); the document gives no `additionalProperties` schema");
                }

                break;
            default:
                ComparePrimitive(view, clr, at);
                break;
        }
    }

    private void CompareObject(SchemaView view, JsonTypeInfo info, string at)
    {
        ExpectType(view, "object", at);
        var members = info.Properties
            .Where(p => !p.IsExtensionData && (direction == Direction.Response ? p.Get is not null : p.Set is not null || p.AssociatedParameter is not null))
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
        var open = info.Properties.Any(p => p.IsExtensionData);

        foreach (var hidden in members.Keys.Where(n => NeverWritten.Contains($"{at}.{n}"[(Root.Length + 1)..])).ToList())
        {
            members.Remove(hidden);
        }

        foreach (var name in members.Keys.Except(view.Properties.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Findings.Add($"{at}.{name}: in the code ({Name(info.Type)}), not in the document");
        }

        if (!open)
        {
            foreach (var name in view.Properties.Keys.Except(members.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                Findings.Add($"{at}.{name}: in the document, not in the code ({Name(info.Type)})");
            }
        }

        if (direction == Direction.Request && !open && !view.ClosedObject)
        {
            Findings.Add($"{at}: the code refuses unknown fields; the document should say `additionalProperties: false`");
        }

        foreach (var (name, member) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var path = $"{at}.{name}";
            if (!view.Properties.TryGetValue(name, out var propertySchema))
            {
                continue;
            }

            var (_, valueType) = Unwrap(member.PropertyType);
            var nullable = valueType || !member.PropertyType.IsValueType
                ? (direction == Direction.Response ? member.IsGetNullable : member.IsSetNullable)
                : false;
            var documentedRequired = view.Required.Contains(name);
            var property = SchemaView.Of(document, propertySchema);
            if (direction == Direction.Response)
            {
                if (!nullable && !documentedRequired)
                {
                    Findings.Add($"{path}: always written by the code (non-nullable {Name(member.PropertyType)}), not `required` in the document");
                }
                else if (nullable && documentedRequired)
                {
                    Findings.Add($"{path}: `required` in the document, but the code leaves it out when null ({Name(member.PropertyType)}?)");
                }

                if (property.Nullable)
                {
                    Findings.Add($"{path}: the document allows null, the code never writes null (it leaves the field out)");
                }
            }
            else
            {
                if (member.IsRequired && !documentedRequired)
                {
                    Findings.Add($"{path}: required by the code's JSON contract, not `required` in the document");
                }

                if (nullable && !documentedRequired && !property.Nullable)
                {
                    Findings.Add($"{path}: the code takes `null` as not given; the document should allow null (at {propertySchema.GetPath()})");
                }
                else if (!nullable && property.Nullable)
                {
                    Findings.Add($"{path}: the document allows null, the code refuses it ({Name(member.PropertyType)})");
                }
            }

            _narrowed = NarrowedEnums.Contains($"{info.Type.Name}.{name}");
            Compare(propertySchema, member.PropertyType, path);
            _narrowed = false;
        }
    }

    private void ComparePrimitive(SchemaView view, Type clr, string at)
    {
        (string Type, string? Format) expected = clr switch
        {
            _ when clr == typeof(string) || clr == typeof(char) => ("string", null),
            _ when clr == typeof(bool) => ("boolean", null),
            _ when clr == typeof(int) || clr == typeof(long) || clr == typeof(short) || clr == typeof(byte) || clr == typeof(uint) || clr == typeof(ulong) => ("integer", null),
            _ when clr == typeof(decimal) || clr == typeof(double) || clr == typeof(float) || clr == typeof(Euro) => ("number", null),
            _ when clr == typeof(DateOnly) => ("string", "date"),
            _ when clr == typeof(DateTimeOffset) || clr == typeof(DateTime) => ("string", "date-time"),
            _ when clr == typeof(Guid) => ("string", "uuid"),
            _ when clr == typeof(Uri) => ("string", null),
            _ when clr == typeof(byte[]) => ("string", null), // System.Text.Json writes base64
            _ when clr.IsEnum => ("string", null),
            _ => ("?", null),
        };
        var (type, format) = expected;
        if (type == "?")
        {
            Findings.Add($"{at}: the comparer has no JSON type for {Name(clr)}; teach it");
            return;
        }

        ExpectType(view, type, at);
        if (format is not null && view.Format != format)
        {
            Findings.Add($"{at}: the code reads and writes `{format}` ({Name(clr)}); the document says format `{view.Format ?? "(none)"}`");
        }

        if (clr.IsEnum)
        {
            var values = Enum.GetValues(clr).Cast<object>().Select(v => JsonSerializer.Serialize(v, clr, MintFondsJson.Api).Trim('"')).Order(StringComparer.Ordinal).ToList();
            var documented = view.Enum?.Where(e => e is not null).Select(e => e!.ToString()).Order(StringComparer.Ordinal).ToList();
            if (documented is null)
            {
                Findings.Add($"{at}: an enum in the code ({Name(clr)}: {string.Join(", ", values)}); the document has no `enum`");
            }
            else if (_narrowed ? documented.Except(values, StringComparer.Ordinal).Any() : !documented.SequenceEqual(values, StringComparer.Ordinal))
            {
                Findings.Add($"{at}: enum values differ; code: {string.Join(", ", values)}; document: {string.Join(", ", documented)}");
            }
        }
    }

    private void ExpectType(SchemaView view, string expected, string at)
    {
        if (view.Types.Count == 0)
        {
            if (expected == "object" && view.Properties.Count > 0)
            {
                return;
            }

            Findings.Add($"{at}: the document gives no type (code: {expected})");
        }
        else if (!view.Types.SetEquals([expected]))
        {
            Findings.Add($"{at}: the document says {string.Join("|", view.Types)}, the code {expected}");
        }
    }

    private static (Type Type, bool NullableValue) Unwrap(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? (underlying, true) : (type, false);

    private static string Name(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(Name))}>" : type.Name;

    private sealed class PairComparer : IEqualityComparer<(JsonNode, Type)>
    {
        public bool Equals((JsonNode, Type) x, (JsonNode, Type) y) => ReferenceEquals(x.Item1, y.Item1) && x.Item2 == y.Item2;

        public int GetHashCode((JsonNode, Type) obj) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), obj.Item2);
    }
}

/// <summary>A schema flattened for comparison: <c>$ref</c> followed, <c>allOf</c> merged, a null branch of
/// <c>oneOf</c>/<c>anyOf</c> (or <c>'null'</c> in <c>type</c>) read as "nullable".</summary>
public sealed class SchemaView
{
    public JsonNode Identity { get; private set; } = null!;

    public HashSet<string> Types { get; } = new(StringComparer.Ordinal);

    public bool Nullable { get; private set; }

    public Dictionary<string, JsonNode> Properties { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Required { get; } = new(StringComparer.Ordinal);

    public JsonNode? Items { get; private set; }

    public JsonNode? AdditionalProperties { get; private set; }

    public bool ClosedObject { get; private set; }

    public List<JsonNode?>? Enum { get; private set; }

    public string? Format { get; private set; }

    public static SchemaView Of(OpenApiDocument document, JsonNode schema)
    {
        var view = new SchemaView();
        view.Add(document, schema);
        return view;
    }

    private void Add(OpenApiDocument document, JsonNode schema)
    {
        var node = (JsonObject)document.Resolve(schema);
        Identity ??= node;
        switch (node["type"])
        {
            case JsonValue single:
                AddType(single.GetValue<string>());
                break;
            case JsonArray many:
                foreach (var t in many)
                {
                    AddType(t!.GetValue<string>());
                }

                break;
        }

        if (node["enum"] is JsonArray values)
        {
            Enum = values.ToList();
            Nullable |= values.Any(v => v is null);
        }

        if (node.ContainsKey("const"))
        {
            Enum = [node["const"]];
        }

        if (node["format"] is JsonValue format)
        {
            Format = format.GetValue<string>();
        }

        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                Properties[name] = property!;
            }
        }

        if (node["required"] is JsonArray required)
        {
            Required.UnionWith(required.Select(r => r!.GetValue<string>()));
        }

        if (node["items"] is { } items)
        {
            Items = items;
        }

        if (node["additionalProperties"] is { } additional)
        {
            if (additional is JsonValue flag && !flag.GetValue<bool>())
            {
                ClosedObject = true;
            }
            else
            {
                AdditionalProperties = additional;
            }
        }

        if (node["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                Add(document, part!);
            }
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (node[keyword] is JsonArray branches)
            {
                var nonNull = branches.Where(b => !IsNull(document, b!)).ToList();
                Nullable |= nonNull.Count < branches.Count;
                if (nonNull.Count == 1)
                {
                    Add(document, nonNull[0]!);
                }
                else
                {
                    // Alternatives of one JSON type (e.g. a URL, or blank text taken as not given): that type.
                    var alternatives = nonNull.Select(b => Of(document, b!)).ToList();
                    foreach (var alternative in alternatives)
                    {
                        Types.UnionWith(alternative.Types);
                        Nullable |= alternative.Nullable;
                        Format ??= alternative.Format;
                    }
                }
            }
        }
    }

    private void AddType(string type)
    {
        if (type == "null")
        {
            Nullable = true;
        }
        else
        {
            Types.Add(type);
        }
    }

    private static bool IsNull(OpenApiDocument document, JsonNode branch) =>
        document.Resolve(branch) is JsonObject o && o["type"] is JsonValue t && t.GetValue<string>() == "null";
}
