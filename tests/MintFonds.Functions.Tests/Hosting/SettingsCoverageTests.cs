using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using MintFonds.Functions.Tests.Contract;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Hosting;

/// <summary>
/// "Every setting the code reads is in local.settings.sample.json and the README's settings table": the settings are
/// collected from the code itself — the option classes bound to configuration sections (AddOptions&lt;T&gt;().Bind(
/// GetSection("X")), GetSection("X").Get&lt;T&gt;()), the %…% schedules in functions.metadata and the settings read
/// by name (configuration["X"]) — and compared with both. The sample holds nothing the code does not read, and the
/// Bicep template sets no app setting for a feature that does not exist. Settings added by parallel work show up here.
/// </summary>
public sealed partial class SettingsCoverageTests
{
    // Read only as a fallback for AZURE_FUNCTIONS_ENVIRONMENT (the .NET default name), and the host name the platform
    // sets for every app (the forms' fallback base address): nobody is meant to set them.
    private static readonly string[] ReadButNotDocumented = ["DOTNET_ENVIRONMENT", "WEBSITE_HOSTNAME"];

    // Settings of the Functions host and its identity-based storage connection, not of the app's code.
    private static readonly string[] HostSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri",
    ];

    [Fact]
    public void The_code_reads_settings_from_option_classes_schedules_and_names()
    {
        var settings = CodeSettings();
        Assert.Contains("Auth__Audience", settings);
        Assert.Contains("Auth__AllowedClientApps", settings);
        Assert.Contains("Storage__MaxRetries", settings);
        Assert.Contains("BackupSchedule", settings);
        Assert.Contains("AzureWebJobsStorage", settings);
        Assert.DoesNotContain("Auth__Audiences", settings); // computed, not bound
    }

    [Fact]
    public void Every_setting_the_code_reads_is_in_the_local_sample_and_nothing_else_is()
    {
        var sample = SampleSettings();
        var code = CodeSettings();

        Assert.Empty(code.Except(sample).Order(StringComparer.Ordinal));
        Assert.Empty(sample.Except(code).Except(HostSettings).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_setting_the_code_reads_is_in_the_README_settings_table()
    {
        var documented = ReadmeSettings();

        Assert.Empty(CodeSettings().Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(CodeSettings()).Except(HostSettings).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_template_sets_no_app_setting_the_code_does_not_read()
    {
        var template = await ExternalTool.RunAsync(RepoPaths.Combine("tools", "bin", "bicep"), ["build", "infra/main.bicep", "--stdout"], TimeSpan.FromMinutes(2));
        Assert.True(template.ExitCode == 0, template.ToString());
        var names = AppSettingName().Matches(template.StandardOutput).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Auth__Audience", names);

        Assert.Empty(names.Except(CodeSettings()).Except(HostSettings).Order(StringComparer.Ordinal));
    }

    /// <summary>Every setting the app's code reads, in app-setting form (Section__Property).</summary>
    internal static HashSet<string> CodeSettings()
    {
        var sources = Directory.EnumerateFiles(RepoPaths.Combine("functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var code = string.Join('\n', sources);
        var types = typeof(Program).Assembly.GetTypes();
        var settings = new HashSet<string>(StringComparer.Ordinal);

        foreach (Match bound in BoundOptions().Matches(code).Concat(SectionGet().Matches(code)))
        {
            var type = types.Single(t => t.Name == bound.Groups["type"].Value);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
            {
                settings.Add($"{bound.Groups["section"].Value}__{property.Name}");
            }
        }

        var constants = Constant().Matches(code).GroupBy(m => m.Groups["name"].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Groups["value"].Value).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        foreach (Match read in ReadByName().Matches(code))
        {
            var name = read.Groups["literal"].Success ? read.Groups["literal"].Value : constants[read.Groups["constant"].Value].Single();
            settings.Add(name);
        }

        foreach (var schedule in FunctionsMetadata.Load().Where(f => f.Schedule is not null).Select(f => f.Schedule!))
        {
            settings.Add(schedule.Trim('%'));
        }

        settings.ExceptWith(ReadButNotDocumented);
        return settings;
    }

    private static HashSet<string> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> ReadmeSettings()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var start = readme.IndexOf("\n## Settings", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return ReadmeRow().Matches(readme[start..end]).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("""AddOptions<(?<type>\w+)>\(\)\s*\.Bind\(\s*configuration\.GetSection\("(?<section>\w+)"\)\)""")]
    private static partial Regex BoundOptions();

    [GeneratedRegex("""GetSection\("(?<section>\w+)"\)\.Get<(?<type>\w+)>\(\)""")]
    private static partial Regex SectionGet();

    [GeneratedRegex("""[Cc]onfiguration\[(?:"(?<literal>\w+)"|(?<constant>[A-Za-z]+))\]""")]
    private static partial Regex ReadByName();

    [GeneratedRegex("""const string (?<name>\w+) = "(?<value>\w+)";""")]
    private static partial Regex Constant();

    [GeneratedRegex("""^\| `(?<name>[A-Za-z_]+)` \|""", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    [GeneratedRegex("\"name\": \"(?<name>[A-Za-z_]+)\",\\s*\"value\":")]
    private static partial Regex AppSettingName();
}
