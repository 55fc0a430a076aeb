using System.Text.Json;
using System.Text.RegularExpressions;
using MintFonds.Functions.Tests.Contract;
using MintFonds.Functions.Tests.Infrastructure;
using YamlDotNet.Serialization;

namespace MintFonds.Functions.Tests.Infra;

/// <summary>
/// Issue 16, point 5, in the workflow YAML and azure.yaml: actions pinned to commit SHAs and kept current by Dependabot,
/// Node 22, what-if shown before the deployment is applied, prod only from a v* tag on main after dev's smoke test, the
/// SendGrid key only through the environment (no script mentions a secret), a smoke test with one authenticated admin
/// call, and azd wired to the template (service tag, AZURE_* outputs). actionlint runs in WorkflowLintTests.
/// </summary>
public sealed partial class DeliveryTests
{
    [Fact]
    public void Every_action_is_pinned_to_a_commit_SHA_and_Dependabot_keeps_them_current()
    {
        foreach (var (file, workflow) in Workflows())
        {
            foreach (var step in Steps(workflow).Where(s => s.TryGetProperty("uses", out _)))
            {
                var uses = step.GetProperty("uses").GetString()!;
                Assert.True(PinnedAction().IsMatch(uses), $"{file}: '{uses}' is not pinned to a 40-character commit SHA.");
            }

            var text = File.ReadAllText(file);
            foreach (Match pin in PinnedWithComment().Matches(text))
            {
                Assert.StartsWith("v", pin.Groups["version"].Value, StringComparison.Ordinal);
            }
        }

        var dependabot = Yaml(RepoPaths.Combine(".github", "dependabot.yml"));
        Assert.Contains(dependabot.GetProperty("updates").EnumerateArray(), u => u.GetProperty("package-ecosystem").GetString() == "github-actions");
    }

    [Fact]
    public void CI_and_deployment_use_Node_22()
    {
        var nodeSteps = Workflows().SelectMany(w => Steps(w.Workflow))
            .Where(s => s.TryGetProperty("uses", out var uses) && uses.GetString()!.StartsWith("actions/setup-node@", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(nodeSteps);
        Assert.All(nodeSteps, s => Assert.Equal("22", s.GetProperty("with").GetProperty("node-version").GetString()));
    }

    [Fact]
    public void Prod_is_deployed_only_from_a_tag_on_main_after_dev_and_its_what_if()
    {
        var deploy = Yaml(Workflow("deploy.yml"));
        var jobs = deploy.GetProperty("jobs");

        var release = Steps(jobs.GetProperty("build")).Single(s => s.TryGetProperty("id", out var id) && id.GetString() == "release").GetProperty("run").GetString()!;
        Assert.Contains("refs/tags/v*", release, StringComparison.Ordinal);
        Assert.Contains("git merge-base --is-ancestor \"$GITHUB_SHA\" origin/main", release, StringComparison.Ordinal);
        Assert.Equal("0", jobs.GetProperty("build").GetProperty("steps")[0].GetProperty("with").GetProperty("fetch-depth").ToString());

        Assert.Equal("infra/dev.bicepparam", jobs.GetProperty("dev").GetProperty("with").GetProperty("parameters").GetString());
        var whatIf = jobs.GetProperty("prod-what-if");
        var prod = jobs.GetProperty("prod");
        Assert.Contains("dev", Needs(whatIf));
        Assert.Contains("prod-what-if", Needs(prod));
        Assert.Equal("needs.build.outputs.release == 'true'", whatIf.GetProperty("if").GetString());
        Assert.Equal("needs.build.outputs.release == 'true'", prod.GetProperty("if").GetString());
        Assert.Equal("false", whatIf.GetProperty("with").GetProperty("apply").ToString(), ignoreCase: true);
        Assert.Equal("infra/prod.bicepparam", prod.GetProperty("with").GetProperty("parameters").GetString());
    }

    [Fact]
    public void Each_deployment_shows_its_what_if_before_applying_and_smoke_tests_with_an_authenticated_admin_call()
    {
        var steps = Steps(Yaml(Workflow("deploy-environment.yml")).GetProperty("jobs").GetProperty("deploy")).ToList();
        int Index(string name) => steps.FindIndex(s => s.GetProperty("name").GetString()!.StartsWith(name, StringComparison.Ordinal));

        var whatIf = steps[Index("What-if")];
        Assert.False(whatIf.TryGetProperty("if", out _), "what-if must run for every deployment");
        Assert.Contains("az deployment group what-if", whatIf.GetProperty("run").GetString(), StringComparison.Ordinal);
        Assert.Contains("GITHUB_STEP_SUMMARY", whatIf.GetProperty("run").GetString(), StringComparison.Ordinal);
        Assert.True(Index("What-if") < Index("Provision infrastructure"));
        Assert.True(Index("Provision infrastructure") < Index("Deploy the Function App"));
        Assert.True(Index("Deploy the Function App") < Index("Smoke test"));

        var smoke = steps[Index("Smoke test")].GetProperty("run").GetString()!;
        Assert.Contains("/api/health", smoke, StringComparison.Ordinal);
        Assert.Contains("az account get-access-token", smoke, StringComparison.Ordinal);
        Assert.Contains("-H @\"$RUNNER_TEMP/auth.header\"", smoke, StringComparison.Ordinal);
        Assert.Contains("/api/manage/funds/$SMOKE_FUND_ID", smoke, StringComparison.Ordinal);
        Assert.Contains("test \"$status\" = \"200\"", smoke, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SendGrid_key_reaches_the_deployment_only_through_the_environment()
    {
        foreach (var (file, workflow) in Workflows())
        {
            foreach (var step in Steps(workflow).Where(s => s.TryGetProperty("run", out _)))
            {
                var run = step.GetProperty("run").GetString()!;
                Assert.DoesNotContain("secrets.", run, StringComparison.Ordinal);
                Assert.DoesNotContain("SENDGRID", run, StringComparison.Ordinal);
                Assert.DoesNotContain("sendGridApiKey", run, StringComparison.Ordinal);
            }
        }

        var provision = Steps(Yaml(Workflow("deploy-environment.yml")).GetProperty("jobs").GetProperty("deploy"))
            .Single(s => s.GetProperty("name").GetString() == "Provision infrastructure");
        Assert.Equal("${{ secrets.SENDGRID_API_KEY }}", provision.GetProperty("env").GetProperty("SENDGRID_API_KEY").GetString());
        Assert.Contains("--parameters \"$PARAMETERS\"", provision.GetProperty("run").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azd_provisions_the_template_and_deploys_to_the_tagged_Function_App()
    {
        var azure = Yaml(RepoPaths.Combine("azure.yaml"));
        Assert.Equal("bicep", azure.GetProperty("infra").GetProperty("provider").GetString());
        Assert.Equal("main", azure.GetProperty("infra").GetProperty("module").GetString());
        var api = azure.GetProperty("services").GetProperty("api");
        Assert.Equal("function", api.GetProperty("host").GetString());
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, api.GetProperty("project").GetString()!, "MintFonds.Functions.csproj")));

        using var parameters = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("infra", "main.parameters.json")));
        var main = await ExternalTool.RunAsync(RepoPaths.Combine("tools", "bin", "bicep"), ["build", "infra/main.bicep", "--stdout"], TimeSpan.FromMinutes(2));
        Assert.True(main.ExitCode == 0, main.ToString());
        using var template = JsonDocument.Parse(main.StandardOutput);
        var required = template.RootElement.GetProperty("parameters").EnumerateObject().Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name);
        Assert.All(required, name => Assert.True(parameters.RootElement.GetProperty("parameters").TryGetProperty(name, out _), $"main.parameters.json does not set '{name}'."));

        var outputs = template.RootElement.GetProperty("outputs");
        foreach (var output in new[] { "AZURE_RESOURCE_GROUP", "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_FUNCTION_APP_NAME", "AZURE_FUNCTION_APP_URL" })
        {
            Assert.True(outputs.TryGetProperty(output, out _), $"main.bicep has no output {output}.");
        }

        var functionApp = template.RootElement.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "functionapp");
        Assert.Contains("'azd-service-name', 'api'", functionApp.GetProperty("properties").GetProperty("parameters").GetProperty("tags").GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_requests_file_walks_application_pledge_payment_receipt_on_existing_routes()
    {
        var text = File.ReadAllText(RepoPaths.Combine("requests.http"));
        var routes = FunctionsMetadata.Load().Where(f => f.Route is not null).Select(f => (f.Methods.Single().ToUpperInvariant(), Regex.Replace(f.Route!, "\\{[^}]+\\}", "{}"))).ToHashSet();
        var requests = RequestLine().Matches(text).Select(m => (Method: m.Groups["method"].Value, Path: Regex.Replace(m.Groups["path"].Value.Split('?')[0], "\\{\\{[^}]+\\}\\}", "{}"))).ToList();

        Assert.All(requests, r => Assert.True(routes.Contains((r.Method, r.Path)), $"requests.http calls {r.Method} {r.Path}, which is no route."));
        string[] walk = ["POST funds/{}/calls/{}/applications", "POST funds/{}/pledges", "POST manage/funds/{}/payments", "GET manage/funds/{}/receipts"];
        var order = walk.Select(step => requests.FindIndex(r => $"{r.Method} {r.Path}" == step)).ToList();
        Assert.All(order, i => Assert.True(i >= 0));
        Assert.Equal(order.Order(), order);
    }

    private static IEnumerable<(string File, JsonElement Workflow)> Workflows() =>
        Directory.EnumerateFiles(RepoPaths.Combine(".github", "workflows"), "*.yml").Order(StringComparer.Ordinal).Select(f => (f, Yaml(f)));

    private static string Workflow(string name) => RepoPaths.Combine(".github", "workflows", name);

    private static IEnumerable<JsonElement> Steps(JsonElement workflowOrJob)
    {
        if (workflowOrJob.TryGetProperty("steps", out var steps))
        {
            return steps.EnumerateArray();
        }

        return workflowOrJob.TryGetProperty("jobs", out var jobs)
            ? jobs.EnumerateObject().SelectMany(j => Steps(j.Value))
            : [];
    }

    private static IEnumerable<string> Needs(JsonElement job) =>
        job.GetProperty("needs").ValueKind == JsonValueKind.Array ? job.GetProperty("needs").EnumerateArray().Select(n => n.GetString()!) : [job.GetProperty("needs").GetString()!];

    /// <summary>A YAML file as JSON (YamlDotNet reads it, its JSON-compatible writer turns it into JSON).</summary>
    private static JsonElement Yaml(string file)
    {
        var data = new DeserializerBuilder().Build().Deserialize(new StringReader(File.ReadAllText(file)));
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(data);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [GeneratedRegex("^(\\./\\.github/workflows/[\\w.-]+\\.yml|[\\w.-]+/[\\w.-]+@[0-9a-f]{40})$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex("@[0-9a-f]{40} # (?<version>\\S+)")]
    private static partial Regex PinnedWithComment();

    [GeneratedRegex("^(?<method>GET|POST|PUT|DELETE) \\{\\{host\\}\\}/(?<path>\\S+)", RegexOptions.Multiline)]
    private static partial Regex RequestLine();
}
