using System.Text.Json;
using System.Text.Json.Nodes;
using MintFonds.Core.Json;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Tests.Contracts;

/// <summary>
/// The document and the code cannot drift: every operation's request and response schemas are compared field by field
/// with the C# types the function reads and writes (<see cref="OperationContracts"/>), and every example in the
/// document is one the code reads (requests, strictly) or could have written (responses, read back strictly).
/// </summary>
public sealed class SchemaContractTests
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    [Fact]
    public void Every_operation_has_a_contract_and_every_contract_an_operation()
    {
        var documented = Document.Operations().Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(documented, OperationContracts.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Request_and_response_schemas_are_those_of_the_code()
    {
        var findings = new List<string>();
        foreach (var operation in Document.Operations())
        {
            if (!OperationContracts.All.TryGetValue(operation.Id, out var contract))
            {
                findings.Add($"{operation}: no entry in OperationContracts (map it to the types its function reads and writes)");
                continue;
            }

            findings.AddRange(CompareRequest(operation, contract));
            findings.AddRange(CompareResponses(operation, contract));
        }

        Assert.True(findings.Count == 0, $"{findings.Count} differences:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Every_example_is_one_the_code_reads_or_writes()
    {
        var findings = new List<string>();
        foreach (var operation in Document.Operations())
        {
            var contract = OperationContracts.All[operation.Id];
            if (contract.Request is { } request && operation.RequestContent.TryGetValue(Json, out var body))
            {
                foreach (var (name, value) in operation.Examples(body))
                {
                    findings.AddRange(ReadStrictly(value, request).Select(f => $"{operation.Id} request example {name}: {f}"));
                }
            }

            foreach (var (status, mediaType, media) in operation.ResponseContent())
            {
                var type = mediaType == ProblemJson ? typeof(ApiProblem)
                    : mediaType == Json && contract.Responses.TryGetValue(status, out var answer) ? answer.Json : null;
                if (type is null)
                {
                    continue;
                }

                foreach (var (name, value) in operation.Examples(media))
                {
                    findings.AddRange(ReadStrictly(value, type).Select(f => $"{operation.Id} {status} example {name}: {f}"));
                    findings.AddRange(WrittenBack(value, type).Select(f => $"{operation.Id} {status} example {name}: {f}"));
                    if (type == typeof(ApiProblem) && value?["status"]?.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture) is { } written && written != status)
                    {
                        findings.Add($"{operation.Id} {status} example {name}: says status {written}");
                    }
                }
            }
        }

        Assert.True(findings.Count == 0, $"{findings.Count} examples the code would not read or write:\n" + string.Join("\n", findings));
    }

    private static IEnumerable<string> CompareRequest(Operation operation, OperationContract contract)
    {
        var content = operation.RequestContent;
        if (contract.Request is null && contract.RequestMediaType is null)
        {
            if (content.Count > 0)
            {
                yield return $"{operation}: the document describes a request body, the function reads none";
            }

            yield break;
        }

        var mediaTypes = MediaTypes(contract.RequestMediaType ?? Json);
        if (!content.Keys.Order(StringComparer.Ordinal).SequenceEqual(mediaTypes.Order(StringComparer.Ordinal)))
        {
            yield return $"{operation}: the function reads {string.Join(", ", mediaTypes)}; the document describes {string.Join(", ", content.Keys)}";
            yield break;
        }

        var media = content[mediaTypes[0]];

        if (!operation.RequestBodyRequired)
        {
            yield return $"{operation}: the function refuses a missing body; `requestBody.required` should be true";
        }

        if (contract.Request is { } type)
        {
            var comparer = new SchemaComparer(Document, Direction.Request);
            comparer.Compare(media["schema"]!, type, "body");
            foreach (var finding in comparer.Findings)
            {
                yield return $"{operation.Id} request {finding}";
            }
        }
    }

    private static IEnumerable<string> CompareResponses(Operation operation, OperationContract contract)
    {
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (status, mediaType, media) in operation.ResponseContent())
        {
            if (mediaType == ProblemJson)
            {
                var problems = new SchemaComparer(Document, Direction.Response);
                problems.Compare(media["schema"]!, typeof(ApiProblem), "body");
                foreach (var finding in problems.Findings)
                {
                    yield return $"{operation.Id} {status} problem {finding}";
                }

                continue;
            }

            documented.Add(status);
            if (!contract.Responses.TryGetValue(status, out var answer))
            {
                yield return $"{operation}: the document describes a {status} answer ({mediaType}) the function never gives";
                continue;
            }

            if (answer.Json is { } type)
            {
                if (mediaType != Json)
                {
                    yield return $"{operation.Id} {status}: the function writes {Json}; the document says {mediaType}";
                    continue;
                }

                var comparer = new SchemaComparer(Document, Direction.Response) { NeverWritten = answer.NeverWritten };
                comparer.Compare(media["schema"]!, type, "body");
                foreach (var finding in comparer.Findings)
                {
                    yield return $"{operation.Id} {status} {finding}";
                }
            }
            else if (answer.MediaType is null || !MediaTypes(answer.MediaType).Contains(mediaType))
            {
                yield return $"{operation.Id} {status}: the function writes {answer.MediaType ?? "no content"}; the document says {mediaType}";
            }
        }

        foreach (var (status, answer) in contract.Responses)
        {
            if (answer.Json is null && answer.MediaType is null)
            {
                if (!operation.Statuses.Contains(status))
                {
                    yield return $"{operation}: the function answers {status}; not documented";
                }
            }
            else if (!documented.Contains(status))
            {
                yield return $"{operation}: the function answers {status} with a body; the document has no such answer with content";
            }
        }
    }

    private static string[] MediaTypes(string mediaTypes) => mediaTypes.Split(", ", StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// An answer example is one the code could have written: read into the answer type and written again with the API's
    /// options, it comes out the same (no field the code always writes is missing, no null the code never writes).
    /// </summary>
    private static IEnumerable<string> WrittenBack(JsonNode? example, Type type)
    {
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(example!.ToJsonString(), type, MintFondsJson.Api);
        }
        catch (JsonException)
        {
            yield break;
        }

        var written = JsonSerializer.SerializeToNode(value, type, MintFondsJson.Api);
        foreach (var difference in Differences(example, written, "body"))
        {
            yield return difference;
        }
    }

    private static IEnumerable<string> Differences(JsonNode? documented, JsonNode? written, string at)
    {
        switch (documented, written)
        {
            case (JsonObject d, JsonObject w):
                foreach (var name in d.Select(p => p.Key).Union(w.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    if (!w.ContainsKey(name))
                    {
                        yield return $"{at}.{name}: in the example, the code would not write it ({d[name]?.ToJsonString() ?? "null"})";
                    }
                    else if (!d.ContainsKey(name))
                    {
                        yield return $"{at}.{name}: the code always writes it ({w[name]?.ToJsonString()}), the example leaves it out";
                    }
                    else
                    {
                        foreach (var inner in Differences(d[name], w[name], $"{at}.{name}"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case (JsonArray d, JsonArray w):
                for (var i = 0; i < Math.Max(d.Count, w.Count); i++)
                {
                    foreach (var inner in Differences(i < d.Count ? d[i] : null, i < w.Count ? w[i] : null, $"{at}[{i}]"))
                    {
                        yield return inner;
                    }
                }

                break;
            case (JsonValue d, JsonValue w) when d.GetValueKind() == JsonValueKind.Number && w.GetValueKind() == JsonValueKind.Number:
                if (decimal.Parse(d.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture) != decimal.Parse(w.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture))
                {
                    yield return $"{at}: example {d.ToJsonString()}, code writes {w.ToJsonString()}";
                }

                break;
            default:
                if (!JsonNode.DeepEquals(documented, written))
                {
                    yield return $"{at}: example {documented?.ToJsonString() ?? "null"}, code writes {written?.ToJsonString() ?? "null"}";
                }

                break;
        }
    }

    /// <summary>Reads an example as the API would (strict options: unknown fields, wrong types refused).</summary>
    private static IEnumerable<string> ReadStrictly(JsonNode? example, Type type)
    {
        if (example is null)
        {
            return ["no value"];
        }

        try
        {
            _ = JsonSerializer.Deserialize(example.ToJsonString(), type, MintFondsJson.Api);
            return [];
        }
        catch (JsonException ex)
        {
            return [$"{ex.Path}: {ex.Message}"];
        }
    }
}
