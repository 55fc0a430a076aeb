using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Access;
using MintFonds.Functions.Hosting;
using MintFonds.Functions.Platform.Timers;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Contract;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Infra;

/// <summary>
/// Issue 16 in the compiled templates: one parameter file per environment whose audience lets Entra tokens in, records
/// kept in prod (WORM sized for the retention, versioning, soft delete, a delete lock), alarms, Entra-only telemetry,
/// diagnostics, no basic-auth publishing, the deployer's role-assignment rights limited to the roles the template grants,
/// and nothing provisioned that the code does not use.
/// </summary>
public sealed partial class BicepTemplateTests
{
    private static readonly string[] TableNamesInCode = [.. TableNames.All];

    public static TheoryData<string> Environments => new() { "dev", "prod" };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Each_environment_has_a_parameter_file_whose_audience_is_the_URI_and_the_client_id(string environment)
    {
        var file = $"infra/{environment}.bicepparam";
        ToolRun build = await RunBicepAsync("build-params", file, "--stdout");
        AssertClean(build);
        AssertClean(await RunBicepAsync("lint", file));
        JsonElement parameters = Parameters(build);

        Assert.Equal(environment, Value(parameters, "environmentName").GetString());
        string uri = Value(parameters, "apiApplicationIdUri").GetString()!;
        string clientId = Value(parameters, "apiClientId").GetString()!;
        Assert.StartsWith("api://", uri, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(clientId, out _), $"{file}: apiClientId is not a GUID.");
        string[] clientApps = [.. Value(parameters, "allowedClientApps").EnumerateArray().Select(a => a.GetString()!)];
        Assert.NotEmpty(clientApps);
        Assert.All(clientApps, app => Assert.True(Guid.TryParse(app, out _), $"{file}: allowed client app '{app}' is not a GUID."));
        Assert.Contains("@", Value(parameters, "opsEmail").GetString(), StringComparison.Ordinal);

        // The SendGrid key is read from the environment at deploy time, never written into the file.
        Assert.Equal(string.Empty, Value(parameters, "sendGridApiKey").GetString());
        Assert.Contains("readEnvironmentVariable('SENDGRID_API_KEY', '')", await File.ReadAllTextAsync(RepoPaths.Combine("infra", $"{environment}.bicepparam")), StringComparison.Ordinal);

        // main.bicep turns the two into Auth__Audience "uri,clientId", which the app splits into both audiences.
        JsonElement functionApp = Module("functionapp");
        Assert.Equal("[format('{0},{1}', parameters('apiApplicationIdUri'), parameters('apiClientId'))]", ModuleParameter(functionApp, "authAudience"));
        Assert.Equal("[join(parameters('allowedClientApps'), ',')]", ModuleParameter(functionApp, "allowedClientApps"));
        var settings = new AuthSettings { Audience = $"{uri},{clientId}", AllowedClientApps = string.Join(',', clientApps) };
        Assert.Equal([uri, clientId], settings.Audiences);
        Assert.Equal(clientApps, settings.AllowedClientAppIds);
    }

    [Fact]
    public async Task Prod_keeps_receipts_invoices_reports_bank_files_and_backups_immutable_for_their_retention()
    {
        JsonElement prod = Parameters(await RunBicepAsync("build-params", "infra/prod.bicepparam", "--stdout"));
        Dictionary<string, int> worm = Value(prod, "immutableContainers").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("days").GetInt32());

        // § 147 Abs. 3 AO / § 257 Abs. 4 HGB since 2025: vouchers 8 years, books and annual accounts 10 years.
        Assert.Equal(8 * 365 + 2, worm[BlobContainerNames.Receipts]);
        Assert.Equal(8 * 365 + 2, worm[BlobContainerNames.BankFiles]);
        Assert.Equal(10 * 365 + 3, worm[BlobContainerNames.Reports]);
        Assert.Equal(10 * 365 + 3, worm[BlobContainerNames.Backups]);

        // Receipts are anonymised after Privacy__AccountingVoucherYears: WORM must not outlast that, or the purge fails.
        Assert.True(worm[BlobContainerNames.Receipts] <= 8 * 366);
        Assert.True(Value(prod, "enableBlobVersioning").GetBoolean());
        Assert.True(Value(prod, "lockStorageAccount").GetBoolean());
        Assert.InRange(Value(prod, "softDeleteRetentionDays").GetInt32(), 7, 365);

        JsonElement dev = Parameters(await RunBicepAsync("build-params", "infra/dev.bicepparam", "--stdout"));
        Assert.Empty(Value(dev, "immutableContainers").EnumerateArray());
        Assert.False(Value(dev, "lockStorageAccount").GetBoolean());

        IReadOnlyList<ArmResource> resources = await CompiledResourcesAsync();
        JsonElement blobService = Single(resources, "Microsoft.Storage/storageAccounts/blobServices").Resource.GetProperty("properties");
        Assert.Equal("[parameters('enableVersioning')]", blobService.GetProperty("isVersioningEnabled").GetString());
        Assert.True(blobService.GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean());
        Assert.True(blobService.GetProperty("containerDeleteRetentionPolicy").GetProperty("enabled").GetBoolean());

        ArmResource policy = Single(resources, "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");
        Assert.Contains("parameters('immutableContainers')", policy.Resource.GetProperty("copy").GetProperty("count").GetString(), StringComparison.Ordinal);
        Assert.Contains(".days", policy.Resource.GetProperty("properties").GetProperty("immutabilityPeriodSinceCreationInDays").GetString(), StringComparison.Ordinal);
        HashSet<string> containers = Names(resources, "Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Superset(worm.Keys.ToHashSet(), containers);

        ArmResource deleteLock = Single(resources, "Microsoft.Authorization/locks");
        Assert.Equal("CanNotDelete", deleteLock.Resource.GetProperty("properties").GetProperty("level").GetString());
        Assert.Equal("[parameters('lockAccount')]", deleteLock.Resource.GetProperty("condition").GetString());

        JsonElement storage = Module("storage");
        Assert.Equal("[parameters('immutableContainers')]", ModuleParameter(storage, "immutableContainers"));
        Assert.Equal("[parameters('enableBlobVersioning')]", ModuleParameter(storage, "enableVersioning"));
        Assert.Equal("[parameters('lockStorageAccount')]", ModuleParameter(storage, "lockAccount"));
    }

    [Fact]
    public async Task Storage_provisions_exactly_the_tables_queues_and_containers_the_code_uses()
    {
        IReadOnlyList<ArmResource> resources = await CompiledResourcesAsync();

        Assert.Equal(TableNamesInCode.Order(), Names(resources, "Microsoft.Storage/storageAccounts/tableServices/tables").Order());
        Assert.Equal(
            BlobContainerNames.All.Append("deployments").Order(),
            Names(resources, "Microsoft.Storage/storageAccounts/blobServices/containers").Order());

        // Queues: those a function is triggered by (and their poison twins), nothing else.
        var triggered = FunctionsMetadata.Load().Where(f => f.Trigger == "queueTrigger").Select(f => f.QueueName!).ToHashSet();
        var expected = triggered.Select(q => q.EndsWith(QueueNames.PoisonSuffix, StringComparison.Ordinal) ? q[..^QueueNames.PoisonSuffix.Length] : q)
            .SelectMany(q => new[] { q, q + QueueNames.PoisonSuffix }).ToHashSet();
        Assert.Equal(expected.Order(), Names(resources, "Microsoft.Storage/storageAccounts/queueServices/queues").Order());
        Assert.Equal(QueueNames.All.Order(), expected.Where(q => !q.EndsWith(QueueNames.PoisonSuffix, StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task Alarms_ring_the_operations_address_for_poison_messages_failures_unfinished_timers_and_health()
    {
        IReadOnlyList<ArmResource> resources = await CompiledResourcesAsync();
        JsonElement main = JsonSerializer.Deserialize<JsonElement>((await MainBuild.Value).StandardOutput);

        JsonElement actionGroup = Single(resources, "Microsoft.Insights/actionGroups").Resource.GetProperty("properties");
        Assert.Equal("[parameters('opsEmail')]", actionGroup.GetProperty("emailReceivers")[0].GetProperty("emailAddress").GetString());
        Assert.Equal("[parameters('opsEmail')]", ModuleParameter(Module("alerts"), "opsEmail"));

        var rules = resources.Where(r => r.Type == "Microsoft.Insights/scheduledQueryRules").Select(r => r.Resource.GetProperty("properties")).ToList();
        Assert.Equal(3, rules.Count);
        JsonElement alertsTemplate = Module("alerts").GetProperty("properties").GetProperty("template");
        string queries = string.Join('\n', rules.Select(r => r.GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()))
            + string.Join('\n', alertsTemplate.GetProperty("variables").EnumerateObject().Select(v => v.Value.ToString()));
        Assert.Contains("AppRequests | where Name in (", queries, StringComparison.Ordinal);
        Assert.Contains("parameters('poisonHandlerFunctions')", queries, StringComparison.Ordinal);
        Assert.Contains("Timer run started: ", queries, StringComparison.Ordinal);
        Assert.Contains("Timer run completed: ", queries, StringComparison.Ordinal);
        Assert.All(rules, r => Assert.Contains("actionGroups", r.GetProperty("actions").ToString(), StringComparison.Ordinal));

        // The poison-queue alert counts the runs of exactly the functions that drain poison queues.
        string[] poisonHandlers = [.. Variable(main, "poisonHandlerFunctions").EnumerateArray().Select(f => f.GetString()!)];
        Assert.Equal(
            FunctionsMetadata.Load().Where(f => f.QueueName?.EndsWith(QueueNames.PoisonSuffix, StringComparison.Ordinal) == true).Select(f => f.Name).Order(),
            poisonHandlers.Order());

        JsonElement failures = Single(resources, "Microsoft.Insights/metricAlerts", "function-failures").Resource.GetProperty("properties");
        Assert.Equal("requests/failed", failures.GetProperty("criteria").GetProperty("allOf")[0].GetProperty("metricName").GetString());

        JsonElement webTest = Single(resources, "Microsoft.Insights/webtests").Resource.GetProperty("properties");
        Assert.Equal("[format('https://{0}/api/health', parameters('functionAppHostName'))]", webTest.GetProperty("Request").GetProperty("RequestUrl").GetString());
        Assert.Equal(200, webTest.GetProperty("ValidationRules").GetProperty("ExpectedHttpStatusCode").GetInt32());
        JsonElement availability = Single(resources, "Microsoft.Insights/metricAlerts", "health").Resource.GetProperty("properties");
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", availability.GetProperty("criteria").GetProperty("odata.type").GetString());
    }

    [Fact]
    public void Every_timer_logs_its_heartbeat_through_TimerRuns()
    {
        // The "timer run did not complete" alert only sees timers that log their start and completion.
        var timerClasses = MintFondsServices.FunctionClasses()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null
                && m.GetParameters().Any(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null)))
            .ToList();
        Assert.NotEmpty(timerClasses);
        Assert.All(timerClasses, t => Assert.True(
            t.GetConstructors().Single().GetParameters().Any(p => p.ParameterType == typeof(TimerRuns)),
            $"{t.Name} has a timer but does not run it through TimerRuns."));
    }

    [Fact]
    public async Task Telemetry_is_Entra_only_and_Key_Vault_and_storage_log_to_Log_Analytics()
    {
        IReadOnlyList<ArmResource> resources = await CompiledResourcesAsync();

        JsonElement appInsights = Single(resources, "Microsoft.Insights/components").Resource.GetProperty("properties");
        Assert.True(appInsights.GetProperty("DisableLocalAuth").GetBoolean());
        Assert.Contains(MonitoringMetricsPublisher, RoleDefinitionIds(resources, "Microsoft.Insights/components"));
        Assert.Equal("[format('Authorization=AAD;ClientId={0}', parameters('identityClientId'))]", AppSettings(resources)["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Equal("00000000-aaaa-0000-0000-000000000000", Telemetry.ManagedIdentityClientId("Authorization=AAD;ClientId=00000000-aaaa-0000-0000-000000000000"));

        var diagnostics = resources.Where(r => r.Type == "Microsoft.Insights/diagnosticSettings").ToList();
        var scopes = diagnostics.Select(d => d.Resource.GetProperty("scope").GetString()!).ToList();
        Assert.Contains(scopes, s => s.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
        foreach (string service in new[] { "blobServices", "tableServices", "queueServices" })
        {
            Assert.Contains(scopes, s => s.Contains($"Microsoft.Storage/storageAccounts/{service}", StringComparison.Ordinal));
        }

        Assert.All(diagnostics, d => Assert.Equal("[parameters('workspaceId')]", d.Resource.GetProperty("properties").GetProperty("workspaceId").GetString()));
    }

    [Fact]
    public async Task Basic_auth_publishing_is_off_and_the_deployer_may_only_grant_the_roles_the_template_grants()
    {
        IReadOnlyList<ArmResource> resources = await CompiledResourcesAsync();

        var policies = resources.Where(r => r.Type == "Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], Names(resources, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").Order());
        Assert.All(policies, p => Assert.False(p.Resource.GetProperty("properties").GetProperty("allow").GetBoolean()));
        Assert.Equal("Disabled", Single(resources, "Microsoft.Web/sites").Resource.GetProperty("properties").GetProperty("siteConfig").GetProperty("ftpsState").GetString());

        // What the template assigns, its declared list, and the deployer's condition are the same set.
        JsonElement main = JsonSerializer.Deserialize<JsonElement>((await MainBuild.Value).StandardOutput);
        var declared = Variable(main, "grantedRoleIds").EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var assigned = new[] { "Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults", "Microsoft.Insights/components" }
            .SelectMany(scope => RoleDefinitionIds(resources, scope)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(declared.Order(StringComparer.OrdinalIgnoreCase), assigned.Order(StringComparer.OrdinalIgnoreCase));

        ToolRun deployer = await RunBicepAsync("build", "infra/deployer-access.bicep", "--stdout");
        AssertClean(deployer);
        AssertClean(await RunBicepAsync("lint", "infra/deployer-access.bicep"));
        JsonElement access = JsonSerializer.Deserialize<JsonElement>(deployer.StandardOutput);
        var inCondition = Variable(access, "grantedRoleIds").EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(declared.Order(StringComparer.OrdinalIgnoreCase), inCondition.Order(StringComparer.OrdinalIgnoreCase));

        JsonElement administrator = AllResources(access).Single(r => r.Resource.GetProperty("properties").TryGetProperty("condition", out _)).Resource.GetProperty("properties");
        Assert.Equal("2.0", administrator.GetProperty("conditionVersion").GetString());
        Assert.Contains("variables('rbacAdministratorRoleId')", administrator.GetProperty("roleDefinitionId").GetString(), StringComparison.Ordinal);
        Assert.Equal(RbacAdministrator, Variable(access, "rbacAdministratorRoleId").GetString());
        // The compiled condition is format('…{0}…{1}…', roleList, roleList); evaluate it as ARM will.
        string expression = Variable(access, "roleAssignmentCondition").GetString()!;
        string template = expression[(expression.IndexOf("format('", StringComparison.Ordinal) + 8)..expression.LastIndexOf("', variables('roleList')", StringComparison.Ordinal)];
        string roleList = string.Join(", ", inCondition);
        // ARM's format() escapes braces as .NET composite formatting does.
        string condition = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, roleList, roleList).Replace("''", "'", StringComparison.Ordinal);
        Assert.Equal(
            $"((!(ActionMatches{{'Microsoft.Authorization/roleAssignments/write'}})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {{{roleList}}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {{'ServicePrincipal'}})) AND ((!(ActionMatches{{'Microsoft.Authorization/roleAssignments/delete'}})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {{{roleList}}}))",
            condition);
        Assert.Equal(declared.Order(StringComparer.OrdinalIgnoreCase), RoleGuid().Matches(condition).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
    }

    private const string MonitoringMetricsPublisher = "3913510d-42f4-4b42-8a39-c1a38ab0d8d0";

    private const string RbacAdministrator = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

    private static JsonElement Parameters(ToolRun build)
    {
        AssertClean(build);
        JsonElement output = JsonSerializer.Deserialize<JsonElement>(build.StandardOutput);
        return JsonSerializer.Deserialize<JsonElement>(output.GetProperty("parametersJson").GetString()!).GetProperty("parameters");
    }

    private static JsonElement Value(JsonElement parameters, string name)
    {
        Assert.True(parameters.TryGetProperty(name, out JsonElement parameter), $"The parameter file does not set '{name}'.");
        return parameter.GetProperty("value");
    }

    /// <summary>A module deployment of main.bicep (by name), as compiled.</summary>
    private static JsonElement Module(string name)
    {
        JsonElement main = JsonSerializer.Deserialize<JsonElement>(MainBuild.Value.GetAwaiter().GetResult().StandardOutput);
        return AllResources(main).Single(r => r.Type == "Microsoft.Resources/deployments" && r.Name == name).Resource;
    }

    private static string ModuleParameter(JsonElement module, string name) =>
        module.GetProperty("properties").GetProperty("parameters").GetProperty(name).GetProperty("value").ToString();

    private static ArmResource Single(IReadOnlyList<ArmResource> resources, string type, string nameContains)
    {
        List<ArmResource> matches = resources.Where(r => r.Type == type && r.Name.Contains($"-{nameContains}'", StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type} named *-{nameContains}, found {matches.Count}.");
        return matches[0];
    }
}
