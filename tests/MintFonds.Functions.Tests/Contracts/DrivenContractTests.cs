using System.Globalization;
using System.Text.Json.Nodes;
using MintFonds.Functions.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace MintFonds.Functions.Tests.Contracts;

/// <summary>
/// The document says what the code does, found by driving the real function classes (against Azurite) with the
/// document's examples and inputs generated from its schemas: never a 500; what the schema refuses the code refuses;
/// the conditional requirements the validators enforce are in the schemas; declared query bounds are enforced; links
/// lead to real operations; the YAML route's answer is what its schema says.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DrivenContractTests(SharedFixture shared)
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    /// <summary>The time the examples were written for (a pledge due on 15 January 2027, etc.).</summary>
    private static readonly DateTimeOffset ExampleTime = new(2027, 1, 11, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Links_lead_to_documented_operations_and_fill_their_path_parameters()
    {
        var operations = Document.Operations().ToDictionary(o => o.Id, StringComparer.Ordinal);
        var findings = new List<string>();
        foreach (var operation in operations.Values)
        {
            foreach (var (status, response) in (JsonObject)operation.Node["responses"]!)
            {
                if (Document.Resolve(response!)["links"] is not JsonObject links)
                {
                    continue;
                }

                foreach (var (name, linkNode) in links)
                {
                    var link = (JsonObject)Document.Resolve(linkNode!);
                    var targetId = link["operationId"]!.GetValue<string>();
                    if (!operations.TryGetValue(targetId, out var target))
                    {
                        findings.Add($"{operation.Id} {status} link {name}: no operation {targetId}");
                        continue;
                    }

                    var given = (link["parameters"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
                    foreach (var parameter in target.Parameters().Where(p => p["in"]!.GetValue<string>() == "path"))
                    {
                        var parameterName = parameter["name"]!.GetValue<string>();
                        if (!given.TryGetValue(parameterName, out var expression))
                        {
                            findings.Add($"{operation.Id} {status} link {name}: path parameter {parameterName} of {targetId} not given");
                        }
                        else if (expression.StartsWith("$response.body#", StringComparison.Ordinal) && !PointsIntoSchema(operation, status, expression["$response.body#".Length..]))
                        {
                            findings.Add($"{operation.Id} {status} link {name}: {expression} is not in the answer's schema");
                        }
                        else if (expression.StartsWith("$request.path.", StringComparison.Ordinal)
                            && !operation.Parameters().Any(p => p["in"]!.GetValue<string>() == "path" && p["name"]!.GetValue<string>() == expression["$request.path.".Length..]))
                        {
                            findings.Add($"{operation.Id} {status} link {name}: {expression} is not a path parameter of {operation.Id}");
                        }
                    }
                }
            }
        }

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Theory]
    [InlineData("SubmitApplication", "201", "GetApplicationStatus")]
    [InlineData("SubmitApplication", "201", "WithdrawApplication")]
    [InlineData("RecordPayment", "201", "AssignPayment")]
    [InlineData("ListReceipts", "200", "ResendReceipt")]
    [InlineData("ListReceipts", "200", "CancelReceipt")]
    [InlineData("CancelReceipt", "200", "ResendReceipt")]
    [InlineData("ListDeadLetters", "200", "ResendDeadLetter")]
    [InlineData("CreateFund", "201", "UpdateFund")]
    [InlineData("CreateCall", "201", "UpdateCall")]
    public void Answers_link_to_their_follow_ups(string operationId, string status, string followUp)
    {
        var operation = Document.Operations().Single(o => o.Id == operationId);
        var links = Document.Resolve(operation.Node["responses"]![status]!)["links"] as JsonObject;
        Assert.NotNull(links);
        Assert.Contains(links, l => Document.Resolve(l.Value!)["operationId"]!.GetValue<string>() == followUp);
    }

    [Fact]
    public void Every_create_answer_has_links()
    {
        var missing = Document.Operations()
            .Where(o => o.Node["responses"]!["201"] is { } created && Document.Resolve(created)["links"] is null)
            .Select(o => o.Id)
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task The_YAML_route_answers_what_its_schema_says()
    {
        await using var app = await TestApp.StartAsync(shared);
        var operation = Document.Operations().Single(o => o.Id == "GetOpenApiDocument");
        var response = await OperationDriver.InvokeAsync(app, operation, new Dictionary<string, string>());

        Assert.Equal(200, response.Status);
        Assert.Equal("application/yaml; charset=utf-8", response.ContentType);
        var media = operation.ResponseContent().Single(r => r.Status == "200");
        Assert.Equal("application/yaml", media.MediaType);
        var parsed = OpenApiDocument.Parse(response.Body).Root;
        Assert.True(OperationDriver.IsValid(OperationDriver.SchemaOf(Document, media.Media["schema"]!), parsed));
        Assert.False(OperationDriver.IsValid(OperationDriver.SchemaOf(Document, media.Media["schema"]!), JsonValue.Create(response.Body)));
    }

    public static TheoryData<string, string, string, string> ConditionalCases() => new()
    {
        // operation, change to the example (field=JSON value; "-field" removes it), the field the code names, what it is
        { "SubmitPledge", "years=-", "years", "a yearly pledge without years" },
        { "SubmitPledge", "schedule=\"oneOff\"", "years", "a one-off pledge with 3 years" },
        { "SubmitPledge", "sponsor.contactPerson=-", "sponsor.contactPerson", "a company sponsor without contact person" },
        { "SubmitPledge", "sponsor.contactPerson=\"  \"", "sponsor.contactPerson", "a company sponsor with a blank contact person" },
        { "CreateFund", "sponsoring.vatRatePercent=-;sponsoring.vatExemptionText=\"   \"", "sponsoring.vatRatePercent", "a blank exemption text instead of a VAT rate" },
        { "CreateFund", "sponsoring.vatExemptionText=\"Steuerfrei nach § 4 Nr. 22 UStG\"", "sponsoring.vatRatePercent", "a VAT rate and an exemption text" },
    };

    [Theory]
    [MemberData(nameof(ConditionalCases))]
    public async Task Conditional_requirements_of_the_validators_are_in_the_schema(string operationId, string change, string field, string what)
    {
        await using var app = await StartAsync();
        var fundId = await CreateFundAsync(app);
        var operation = Document.Operations().Single(o => o.Id == operationId);
        var body = (JsonObject)ExampleBody(operation)!;
        var schema = OperationDriver.SchemaOf(Document, operation.RequestContent["application/json"]["schema"]!);
        Assert.True(OperationDriver.IsValid(schema, body), $"the example of {operationId} does not satisfy its schema");

        foreach (var part in change.Split(';'))
        {
            var (path, value) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            Set(body, path, value == "-" ? Removed : JsonNode.Parse(value));
        }

        if (operationId == "CreateFund")
        {
            body["id"] = "cond-" + Guid.NewGuid().ToString("N")[..8];
        }

        Assert.False(OperationDriver.IsValid(schema, body), $"the schema accepts {what}");
        var response = await OperationDriver.InvokeAsync(app, operation, RouteValues(operation, fundId), body: body.ToJsonString(), token: app.PlatformAdminToken);
        Assert.True(response.Status == 422, $"{what}: {response}");
        Assert.Contains(field, response.ProblemFields);
    }

    [Fact]
    public async Task Query_parameters_with_bounds_or_enums_are_enforced()
    {
        await using var app = await StartAsync();
        var fundId = await CreateFundAsync(app);
        var findings = new List<string>();
        var checkedCount = 0;
        foreach (var operation in Document.Operations())
        {
            foreach (var parameter in operation.Parameters().Where(p => p["in"]!.GetValue<string>() == "query"))
            {
                var name = parameter["name"]!.GetValue<string>();
                var view = SchemaView.Of(Document, parameter["schema"]!);
                var schema = OperationDriver.SchemaOf(Document, parameter["schema"]!);
                foreach (var invalid in InvalidValues(Document.Resolve(parameter["schema"]!), view))
                {
                    if (OperationDriver.IsValid(schema, JsonValue.Create(invalid)) && !IsFormatViolation(view, invalid))
                    {
                        continue;
                    }

                    checkedCount++;
                    var response = await OperationDriver.InvokeAsync(
                        app, operation, RouteValues(operation, fundId), $"?{name}={Uri.EscapeDataString(invalid)}", token: app.PlatformAdminToken);
                    if (response.Status != 400 || !response.ProblemFields.Contains(name))
                    {
                        findings.Add($"{operation.Id} ?{name}={invalid}: {response.Status} {response.Body[..Math.Min(200, response.Body.Length)]}");
                    }
                }
            }
        }

        Assert.True(checkedCount > 20, $"only {checkedCount} values checked");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public async Task Generated_inputs_never_get_a_500_and_what_the_schema_refuses_the_code_refuses()
    {
        await using var app = await StartAsync();
        var fundId = await CreateFundAsync(app);
        var findings = new List<string>();
        var sent = 0;
        foreach (var operation in Document.Operations())
        {
            var routeValues = RouteValues(operation, fundId);
            var headers = new Dictionary<string, string> { ["X-Status-Token"] = "c3RhdHVzLXRva2Vu", ["If-Match"] = "W/\"datetime'2027-01-01T00%3A00%3A00.0000000Z'\"" };
            if (!operation.RequestContent.TryGetValue("application/json", out var media))
            {
                // Without a body: the documented call, and with path values that cannot exist.
                foreach (var values in new[] { routeValues, routeValues.ToDictionary(v => v.Key, v => v.Key == "fundId" ? v.Value : "%00<script>x") })
                {
                    var response = await OperationDriver.InvokeAsync(app, operation, values, token: app.PlatformAdminToken, headers: headers);
                    sent++;
                    if (response.Status >= 500)
                    {
                        findings.Add($"{operation.Id} {string.Join(",", values.Values)}: {response}");
                    }
                }

                continue;
            }

            var schema = OperationDriver.SchemaOf(Document, media["schema"]!);
            var example = ExampleBody(operation) ?? new JsonObject();
            foreach (var (what, body) in Mutations(example))
            {
                if (operation.Id == "CreateFund" && body is JsonObject fund && fund.ContainsKey("id") && what != "id")
                {
                    fund["id"] = "fz-" + Guid.NewGuid().ToString("N")[..10];
                }

                var text = body is null ? "null" : body.ToJsonString();
                var response = await OperationDriver.InvokeAsync(app, operation, routeValues, body: text, token: app.PlatformAdminToken, headers: headers);
                sent++;
                if (response.Status >= 500)
                {
                    findings.Add($"{operation.Id} [{what}]: {response}");
                }
                else if (what == "example" && (response.Status is 400 or 413 or 415 || (response.Status == 422 && AcceptsItsExample.Contains(operation.Id))))
                {
                    // The document's example is one the code reads (400: not the described shape) and, where the
                    // fund made from the document's own fund example allows it, accepts (422: a validator refused it).
                    findings.Add($"{operation.Id} [example]: {response}");
                }
                else if (response.Status is >= 200 and < 300 && !OperationDriver.IsValid(schema, body))
                {
                    findings.Add($"{operation.Id} [{what}]: the schema refuses it, the code answered {response.Status}");
                }
            }
        }

        Assert.True(sent > 500, $"only {sent} requests");
        Assert.True(findings.Count == 0, $"{findings.Count} of {sent}:\n" + string.Join("\n", findings.Take(60)));
    }

    /// <summary>Operations whose example the validators accept in the fund made from the document's fund example.</summary>
    private static readonly HashSet<string> AcceptsItsExample = new(StringComparer.Ordinal) { "CreateFund", "CopyFund", "SubmitPledge", "CreateCall" };

    private Task<TestApp> StartAsync() => TestApp.StartAsync(
        shared,
        settings =>
        {
            settings["Abuse:FormChallengeRequired"] = "false";
            settings["Abuse:MinimumFillSeconds"] = "0";
        },
        now: ExampleTime);

    /// <summary>A fund made from the document's own fund example, under a fresh id.</summary>
    private static async Task<string> CreateFundAsync(TestApp app)
    {
        var operation = Document.Operations().Single(o => o.Id == "CreateFund");
        var body = (JsonObject)ExampleBody(operation)!;
        var fundId = "dc-" + Guid.NewGuid().ToString("N")[..10];
        body["id"] = fundId;
        var response = await OperationDriver.InvokeAsync(app, operation, new Dictionary<string, string>(), body: body.ToJsonString(), token: app.PlatformAdminToken);
        Assert.True(response.Status == 201, response.ToString());
        return fundId;
    }

    private static JsonNode? ExampleBody(Operation operation) =>
        operation.RequestContent.TryGetValue("application/json", out var media)
            ? operation.Examples(media).Select(e => e.Value?.DeepClone()).FirstOrDefault()
            : null;

    private static Dictionary<string, string> RouteValues(Operation operation, string fundId) =>
        operation.Parameters()
            .Where(p => p["in"]!.GetValue<string>() == "path")
            .ToDictionary(
                p => p["name"]!.GetValue<string>(),
                p => p["name"]!.GetValue<string>() == "fundId" ? fundId : p["example"]?.ToString() ?? "unknown-1",
                StringComparer.Ordinal);

    private static readonly JsonNode Removed = JsonValue.Create("\u0000removed")!;

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)root, (node, part) => node[part]!);
        if (ReferenceEquals(value, Removed))
        {
            ((JsonObject)parent).Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }
    }

    /// <summary>The example, then per member: removed, null, the wrong type, and edge values of its own type; plus an unknown member and bodies of the wrong shape.</summary>
    private static IEnumerable<(string What, JsonNode? Body)> Mutations(JsonNode example)
    {
        yield return ("example", example.DeepClone());
        yield return ("empty object", new JsonObject());
        yield return ("null", null);
        yield return ("array", new JsonArray());
        yield return ("string", JsonValue.Create("x"));
        if (example is JsonObject withUnknown)
        {
            var clone = (JsonObject)withUnknown.DeepClone();
            clone["unknownField"] = 1;
            yield return ("unknown field", clone);
        }

        foreach (var (path, value) in Members(example, string.Empty))
        {
            var variants = new List<(string, JsonNode?)> { ("removed", Removed), ("null", null) };
            switch (value)
            {
                case JsonObject:
                    variants.Add(("string", JsonValue.Create("x")));
                    variants.Add(("empty", new JsonObject()));
                    break;
                case JsonArray:
                    variants.Add(("object", new JsonObject()));
                    variants.Add(("empty", new JsonArray()));
                    variants.Add(("of nulls", new JsonArray((JsonNode?)null)));
                    break;
                case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                    variants.Add(("number", JsonValue.Create(7)));
                    variants.Add(("empty", JsonValue.Create(string.Empty)));
                    variants.Add(("blank", JsonValue.Create("   ")));
                    variants.Add(("long", JsonValue.Create(new string('x', 5000))));
                    variants.Add(("control", JsonValue.Create("a\u0001b")));
                    break;
                case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                    variants.Add(("string", JsonValue.Create("12")));
                    variants.Add(("negative", JsonValue.Create(-1)));
                    variants.Add(("zero", JsonValue.Create(0)));
                    variants.Add(("huge", JsonValue.Create(1e15m)));
                    variants.Add(("fraction", JsonValue.Create(0.001m)));
                    break;
                default:
                    variants.Add(("string", JsonValue.Create("true")));
                    break;
            }

            foreach (var (kind, replacement) in variants)
            {
                var clone = (JsonObject)example.DeepClone();
                Set(clone, path, replacement is null || ReferenceEquals(replacement, Removed) ? replacement : replacement.DeepClone());
                yield return ($"{path} {kind}", clone);
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode? Value)> Members(JsonNode node, string prefix)
    {
        if (node is not JsonObject obj)
        {
            yield break;
        }

        foreach (var (name, value) in obj)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            yield return (path, value);
            if (value is JsonObject)
            {
                foreach (var inner in Members(value, path))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<string> InvalidValues(JsonNode schema, SchemaView view)
    {
        if (view.Enum is { } values)
        {
            yield return "notAValue";
            yield return values[0]!.ToString().ToUpperInvariant();
        }

        if (schema["minimum"] is JsonValue minimum)
        {
            yield return (minimum.GetValue<long>() - 1).ToString(CultureInfo.InvariantCulture);
        }

        if (schema["maximum"] is JsonValue maximum)
        {
            yield return (maximum.GetValue<long>() + 1).ToString(CultureInfo.InvariantCulture);
        }

        if (view.Types.Contains("integer"))
        {
            yield return "12abc";
            yield return "1.5";
        }

        if (schema["maxLength"] is JsonValue maxLength)
        {
            yield return new string('a', (int)maxLength.GetValue<long>() + 1);
        }

        if (schema["pattern"] is not null)
        {
            yield return "a b!";
        }

        switch (view.Format)
        {
            case "date":
                yield return "2027-13-45";
                break;
            case "date-time":
                yield return "yesterday";
                break;
            case "uuid":
                yield return "not-a-uuid";
                break;
        }
    }

    /// <summary>JSON Schema validators treat <c>format</c> as a note; the API checks it, so the document's format counts.</summary>
    private static bool IsFormatViolation(SchemaView view, string value) => view.Format switch
    {
        "date" => !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date-time" => !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uuid" => !Guid.TryParse(value, out _),
        _ => false,
    };

    private static bool PointsIntoSchema(Operation operation, string status, string pointer)
    {
        var media = operation.ResponseContent().FirstOrDefault(r => r.Status == status && r.MediaType == "application/json").Media;
        if (media is null)
        {
            return false;
        }

        var view = SchemaView.Of(Document, media["schema"]!);
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, CultureInfo.InvariantCulture, out _) && view.Items is { } items)
            {
                view = SchemaView.Of(Document, items);
            }
            else if (view.Properties.TryGetValue(part, out var property))
            {
                view = SchemaView.Of(Document, property);
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
