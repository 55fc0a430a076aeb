using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Infra;

/// <summary>
/// Compiles and lints the Bicep under <c>infra/</c> with the pinned Bicep CLI (<c>tools/bin/bicep</c>, installed by
/// <c>scripts/install-bicep.sh</c>) and checks the compiled ARM JSON for what the application relies on.
/// Everything runs offline: no Azure subscription, no registry modules.
/// </summary>
public sealed partial class BicepTemplateTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    /// <summary>One compilation of main.bicep, shared by the tests that inspect the ARM JSON.</summary>
    private static readonly Lazy<Task<ToolRun>> MainBuild =
        new(() => RunBicepAsync("build", "infra/main.bicep", "--stdout"));

    private static readonly string[] ExpectedAppSettings =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "AZURE_FUNCTIONS_ENVIRONMENT",
        "Auth__Authority",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Auth__Audience",
        "Auth__AllowedClientApps",
        "Auth__PlatformAdminRole",
        "SendGrid__ApiKey",
        "Seed__Enabled",
        "Http__MaxBodyBytes",
        "BackupSchedule",
        "SponsorReportSchedule",
        "FigureFoldSchedule",
        "Auth__PlatformObserverRole",
        "OutboxRelaySchedule",
        "CollectiveReceiptSchedule",
        "RetentionSchedule",
        "CounterSweepSchedule",
        "ProofOfUseReminderSchedule",
        "Privacy__AnonymiseAfterDays",
        "Privacy__AccountingVoucherYears",
        "Privacy__BusinessLetterYears",
        "Forms__FrameAncestors",
    ];

    // Settings the Flex Consumption plan rejects (replaced by functionAppConfig) or that would need shared keys.
    private static readonly string[] ForbiddenAppSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "AzureWebJobsStorage",
    ];

    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public async Task MainTemplate_Builds_WithoutDiagnostics()
    {
        ToolRun build = await MainBuild.Value;

        AssertClean(build);
        Assert.Equal(JsonValueKind.Object, JsonSerializer.Deserialize<JsonElement>(build.StandardOutput).ValueKind);
    }

    [Fact]
    public async Task MainTemplate_Lints_WithoutDiagnostics()
    {
        AssertClean(await RunBicepAsync("lint", "infra/main.bicep"));
    }

    [Fact]
    public async Task StorageAccount_DisallowsSharedKeyAccess()
    {
        JsonElement properties = Single(await CompiledResourcesAsync(), "Microsoft.Storage/storageAccounts")
            .Resource.GetProperty("properties");

        Assert.Equal(JsonValueKind.False, properties.GetProperty("allowSharedKeyAccess").ValueKind);
        Assert.Equal(JsonValueKind.False, properties.GetProperty("allowBlobPublicAccess").ValueKind);
        Assert.Equal(JsonValueKind.True, properties.GetProperty("supportsHttpsTrafficOnly").ValueKind);
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public async Task FunctionApp_HasTheAppSettingsTheAppReads()
    {
        Dictionary<string, string> settings = AppSettings(await CompiledResourcesAsync());

        foreach (string name in ExpectedAppSettings)
        {
            Assert.True(settings.ContainsKey(name), $"App setting '{name}' is missing.");
        }

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("Production", settings["AZURE_FUNCTIONS_ENVIRONMENT"]);
        Assert.Equal("false", settings["Seed__Enabled"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(VaultName=", settings["SendGrid__ApiKey"], StringComparison.Ordinal);
        Assert.Contains("SecretName=SendGridApiKey)", settings["SendGrid__ApiKey"], StringComparison.Ordinal);

        // Values that flow in through module parameters appear as literals somewhere in the compiled template.
        string template = (await MainBuild.Value).StandardOutput;
        Assert.Contains("\"0 30 1 * * *\"", template, StringComparison.Ordinal);
        Assert.Contains("\"0 0 6 15 1 *\"", template, StringComparison.Ordinal);
        Assert.Contains("262144", template, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionApp_IsFlexConsumptionWithoutWorkerRuntimeSetting()
    {
        IReadOnlyList<ArmResource> resources = await CompiledResourcesAsync();
        Dictionary<string, string> settings = AppSettings(resources);

        foreach (string name in ForbiddenAppSettings)
        {
            Assert.False(settings.ContainsKey(name), $"App setting '{name}' must not be set on Flex Consumption.");
        }

        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", (await MainBuild.Value).StandardOutput, StringComparison.Ordinal);

        JsonElement plan = Single(resources, "Microsoft.Web/serverfarms").Resource;
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());

        JsonElement site = Single(resources, "Microsoft.Web/sites").Resource;
        JsonElement siteProperties = site.GetProperty("properties");
        JsonElement runtime = siteProperties.GetProperty("functionAppConfig").GetProperty("runtime");
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.True, siteProperties.GetProperty("httpsOnly").ValueKind);
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(siteProperties.TryGetProperty("keyVaultReferenceIdentity", out _), "keyVaultReferenceIdentity is not set.");
        Assert.Equal(
            "UserAssignedIdentity",
            siteProperties.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage")
                .GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Identity_HasStorageDataRolesAndKeyVaultSecretsUser()
    {
        IReadOnlyList<ArmResource> resources = await CompiledResourcesAsync();

        HashSet<string> storageRoles = RoleDefinitionIds(resources, "Microsoft.Storage/storageAccounts");
        Assert.Contains(StorageBlobDataOwner, storageRoles);
        Assert.Contains(StorageQueueDataContributor, storageRoles);
        Assert.Contains(StorageTableDataContributor, storageRoles);

        Assert.Contains(KeyVaultSecretsUser, RoleDefinitionIds(resources, "Microsoft.KeyVault/vaults"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Compiled template helpers
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>A resource of the compiled template together with the (possibly nested module) template declaring it.</summary>
    private sealed record ArmResource(JsonElement Resource, JsonElement Template)
    {
        public string Type => Resource.GetProperty("type").GetString() ?? string.Empty;

        public string Name => Resource.GetProperty("name").GetString() ?? string.Empty;
    }

    private static async Task<IReadOnlyList<ArmResource>> CompiledResourcesAsync()
    {
        ToolRun build = await MainBuild.Value;
        AssertClean(build);
        return AllResources(JsonSerializer.Deserialize<JsonElement>(build.StandardOutput)).ToList();
    }

    /// <summary>Resources of a template and, recursively, of the templates of its module deployments.</summary>
    private static IEnumerable<ArmResource> AllResources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out JsonElement resources))
        {
            yield break;
        }

        // languageVersion 2.0 templates hold resources in an object keyed by symbolic name.
        IEnumerable<JsonElement> items = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();

        foreach (JsonElement resource in items)
        {
            yield return new ArmResource(resource, template);

            if (resource.TryGetProperty("properties", out JsonElement properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("template", out JsonElement nested))
            {
                foreach (ArmResource inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static ArmResource Single(IReadOnlyList<ArmResource> resources, string type)
    {
        List<ArmResource> matches = resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    private static Dictionary<string, string> AppSettings(IReadOnlyList<ArmResource> resources)
    {
        JsonElement appSettings = Single(resources, "Microsoft.Web/sites").Resource
            .GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings");
        Assert.Equal(JsonValueKind.Array, appSettings.ValueKind);

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonElement setting in appSettings.EnumerateArray())
        {
            string name = setting.GetProperty("name").GetString() ?? string.Empty;
            Assert.True(settings.TryAdd(name, setting.GetProperty("value").ToString()), $"App setting '{name}' is set twice.");
        }

        return settings;
    }

    /// <summary>
    /// Leaf names of all resources of a type: a copy loop over <c>variables('x')[copyIndex()]</c> is expanded from the
    /// template's variable; a single resource contributes the last segment of its name.
    /// </summary>
    private static HashSet<string> Names(IReadOnlyList<ArmResource> resources, string type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ArmResource resource in resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)))
        {
            Match loop = CopyIndexedVariable().Match(resource.Name);
            if (resource.Resource.TryGetProperty("copy", out _) && loop.Success)
            {
                JsonElement values = Variable(resource.Template, loop.Groups["name"].Value);
                names.UnionWith(values.EnumerateArray().Select(v => v.ToString()));
            }
            else if (!resource.Name.StartsWith('['))
            {
                names.Add(resource.Name.Split('/')[^1]);
            }
            else
            {
                // e.g. [format('{0}/{1}/{2}', parameters('name'), 'default', 'receipts')]: the last literal argument.
                MatchCollection literals = QuotedLiteral().Matches(resource.Name);
                if (literals.Count > 0)
                {
                    names.Add(literals[^1].Groups["value"].Value);
                }
            }
        }

        return names;
    }

    /// <summary>Role definition GUIDs of the role assignments whose scope is a resource of the given type.</summary>
    private static HashSet<string> RoleDefinitionIds(IReadOnlyList<ArmResource> resources, string scopeType)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ArmResource assignment in resources.Where(r => string.Equals(r.Type, "Microsoft.Authorization/roleAssignments", StringComparison.OrdinalIgnoreCase)))
        {
            string scope = assignment.Resource.TryGetProperty("scope", out JsonElement s) ? s.ToString() : string.Empty;
            if (!scope.Contains(scopeType, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            JsonElement properties = assignment.Resource.GetProperty("properties");
            Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());

            // The ID is an expression; GUIDs are either literal in it or in the variables it reads.
            string expression = properties.GetProperty("roleDefinitionId").ToString();
            var text = new StringBuilder(expression);
            foreach (Match reference in VariableReference().Matches(expression))
            {
                text.Append(' ').Append(Variable(assignment.Template, reference.Groups["name"].Value).GetRawText());
            }

            ids.UnionWith(RoleGuid().Matches(text.ToString()).Select(m => m.Value));
        }

        return ids;
    }

    private static JsonElement Variable(JsonElement template, string name)
    {
        if (template.TryGetProperty("variables", out JsonElement variables) && variables.TryGetProperty(name, out JsonElement value))
        {
            return value;
        }

        throw new InvalidOperationException($"Variable '{name}' not found in the compiled template.");
    }

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)\[copyIndex\(\)\]", RegexOptions.CultureInvariant)]
    private static partial Regex CopyIndexedVariable();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)", RegexOptions.CultureInvariant)]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"'(?<value>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex RoleGuid();

    // ---------------------------------------------------------------------------------------------------------------
    // Bicep CLI runner
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>Bicep prints diagnostics as "path(line,col) : Warning|Error code: message".</summary>
    [GeneratedRegex(@"^.*\s:\s(Warning|Error)\s.*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Diagnostic();

    private static void AssertClean(ToolRun run)
    {
        Assert.True(run.ExitCode == 0, $"'{run.Command}' exited with {run.ExitCode}:\n{run.StandardError}");
        MatchCollection diagnostics = Diagnostic().Matches(run.StandardError);
        Assert.True(
            diagnostics.Count == 0,
            $"'{run.Command}' reported {diagnostics.Count} diagnostic(s):\n{string.Join('\n', diagnostics.Select(m => m.Value))}");
    }

    private static Task<ToolRun> RunBicepAsync(params string[] arguments)
    {
        string bicep = RepoPaths.Combine("tools", "bin", "bicep");

        // File.Exists follows the symlink that install-bicep.sh creates, so a dangling link counts as missing too.
        Assert.True(File.Exists(bicep), "Bicep CLI missing: run scripts/install-bicep.sh");
        return ExternalTool.RunAsync(bicep, arguments, ProcessTimeout);
    }
}
