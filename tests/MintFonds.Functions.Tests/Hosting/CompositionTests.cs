using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MintFonds.Functions.Access;
using MintFonds.Functions.Hosting;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Hosting;

[Collection(AppCollection.Name)]
public sealed class CompositionTests(SharedFixture shared)
{
    [Fact]
    public async Task Every_function_class_in_the_built_metadata_resolves_from_DI()
    {
        await using var app = await TestApp.StartAsync(shared);
        var entryPointTypes = FunctionsMetadata.Load()
            .Select(f => f.EntryPoint[..f.EntryPoint.LastIndexOf('.')])
            .Distinct()
            .ToList();

        Assert.NotEmpty(entryPointTypes);
        using var scope = app.Services.CreateScope();
        foreach (var typeName in entryPointTypes)
        {
            var type = typeof(Program).Assembly.GetType(typeName, throwOnError: true)!;
            Assert.NotNull(scope.ServiceProvider.GetService(type));
        }

        Assert.Equal(entryPointTypes.Order(), MintFondsServices.FunctionClasses().Select(t => t.FullName!).Order());
    }

    [Fact]
    public async Task Start_up_creates_every_table_queue_and_container()
    {
        await using var app = await TestApp.StartAsync(shared);
        await app.Get<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);

        var tables = new List<string>();
        await foreach (var table in app.Storage.Tables.QueryAsync())
        {
            tables.Add(table.Name);
        }

        var queues = new List<string>();
        await foreach (var queue in app.Storage.Queues.GetQueuesAsync())
        {
            queues.Add(queue.Name);
        }

        var containers = new List<string>();
        await foreach (var container in app.Storage.Blobs.GetBlobContainersAsync())
        {
            containers.Add(container.Name);
        }

        Assert.Superset(TableNames.All.ToHashSet(), tables.ToHashSet());
        Assert.Superset(QueueNames.All.Concat(QueueNames.All.Select(q => q + QueueNames.PoisonSuffix)).ToHashSet(), queues.ToHashSet());
        Assert.Superset(BlobContainerNames.All.ToHashSet(), containers.ToHashSet());
    }

    [Fact]
    public void Storage_is_created_by_a_hosted_service_at_start_up_not_per_call()
    {
        List<ServiceDescriptor> registrations = [];
        using var host = Program.BuildHost(
            [],
            configuration => configuration.AddInMemoryCollection(TestApp.DefaultSettings(shared)),
            services => registrations = [.. services]);

        var hosted = registrations.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType).ToList();
        Assert.Single(hosted, t => t == typeof(StartupTasks));
        Assert.Equal(ServiceLifetime.Singleton, registrations.Single(d => d.ServiceType == typeof(StorageInitializer)).Lifetime);
    }

    [Fact]
    public async Task Queue_producers_write_base64_as_queue_triggers_expect()
    {
        await using var app = await TestApp.StartAsync(shared);
        const string message = """{"kind":"probe","text":"Grüße aus Bingen 🚀"}""";
        var name = "probe-" + Guid.NewGuid().ToString("N")[..12];
        var queue = app.Storage.Queue(name);
        await queue.CreateAsync();
        await queue.SendMessageAsync(message);

        var raw = new QueueClient(shared.Azurite.ConnectionString, name);
        var received = (await raw.ReceiveMessagesAsync()).Value.Single();
        Assert.Equal(message, Encoding.UTF8.GetString(Convert.FromBase64String(received.MessageText)));
        await raw.DeleteAsync();
    }

    [Fact]
    public void Identity_based_storage_settings_build_clients_for_the_configured_endpoints()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "6f1c8a52-0000-4000-8000-000000000001",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://stmintfonds.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://stmintfonds.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://stmintfonds.table.core.windows.net",
        }).Build();

        var storage = StorageAccount.FromConfiguration(configuration);

        Assert.Equal("https://stmintfonds.blob.core.windows.net/", storage.Blobs.Uri.ToString());
        Assert.Equal("https://stmintfonds.queue.core.windows.net/", storage.Queues.Uri.ToString());
        Assert.Equal("stmintfonds", storage.Tables.AccountName);
    }

    [Fact]
    public void Missing_storage_settings_fail_with_a_message_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().Build();
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromConfiguration(configuration));
        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_signing_keys_are_refused_outside_Development()
    {
        await using var app = await TestApp.StartAsync(shared, settings => settings["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production");
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Get<ISigningKeySource>());
        Assert.Contains("Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_static_keys_the_Entra_metadata_of_the_authority_is_used()
    {
        await using var app = await TestApp.StartAsync(shared, settings =>
        {
            settings["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
            settings["Auth:SigningKeys"] = null;
            settings["Auth:Authority"] = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0";
        });
        Assert.IsType<OpenIdSigningKeySource>(app.Get<ISigningKeySource>());
    }

    [Fact]
    public void The_sample_settings_list_every_setting_the_app_reads()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var name in new[]
        {
            "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "AZURE_FUNCTIONS_ENVIRONMENT", "Auth__Audience", "Auth__Issuer",
            "Auth__SigningKeys", "Auth__Authority", "Auth__PlatformAdminRole", "Auth__AllowedClientApps", "Http__MaxBodyBytes", "Seed__Enabled", "Seed__File",
            "OutboxRelaySchedule", "SendGrid__ApiKey", "SendGrid__Host", "CollectiveReceiptSchedule", "SponsorReportSchedule", "FigureFoldSchedule",
            "RetentionSchedule", "CounterSweepSchedule", "Privacy__AnonymiseAfterDays", "Privacy__AccountingVoucherYears", "Privacy__BusinessLetterYears",
            "Forms__PublicBaseUrl", "Forms__FrameAncestors", "Forms__ImageOrigins",
        })
        {
            Assert.Contains(name, values);
        }

        // Every "Abuse" setting, with its default, in the sample and in the README's settings table.
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var defaults = new Functions.Abuse.AbuseSettings();
        foreach (var property in typeof(Functions.Abuse.AbuseSettings).GetProperties().Where(p => p.CanWrite))
        {
            var name = "Abuse__" + property.Name;
            var value = System.Convert.ToString(property.GetValue(defaults), System.Globalization.CultureInfo.InvariantCulture)!.ToLowerInvariant();
            Assert.Equal(value, sample.RootElement.GetProperty("Values").GetProperty(name).GetString());
            Assert.Contains($"| `{name}` | `{value}` |", readme, StringComparison.Ordinal);
        }
    }
}
