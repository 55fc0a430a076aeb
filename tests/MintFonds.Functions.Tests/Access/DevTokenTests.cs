using System.Diagnostics;
using System.Text.Json;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Access;

/// <summary>The local sign-in of the README (tools/dev-token.mjs) produces tokens the app accepts, through the normal validation.</summary>
[Collection(AppCollection.Name)]
public sealed class DevTokenTests(SharedFixture shared)
{
    [Fact]
    public async Task A_dev_token_from_the_script_opens_the_admin_API_of_a_local_instance()
    {
        var folder = Directory.CreateTempSubdirectory("mintfonds-devtoken-").FullName;
        var settingsFile = Path.Combine(folder, "local.settings.json");
        File.Copy(RepoPaths.Combine("local.settings.sample.json"), settingsFile);
        var environment = new Dictionary<string, string>
        {
            ["MINTFONDS_SETTINGS"] = settingsFile,
            ["MINTFONDS_DEV_KEY"] = Path.Combine(folder, "dev-signing-key.pem"),
        };

        await RunNode(environment, "init", settingsFile);
        var token = (await RunNode(environment, "token", "--platform-admin")).Trim();
        var values = JsonDocument.Parse(File.ReadAllText(settingsFile)).RootElement.GetProperty("Values");

        await using var app = await TestApp.StartAsync(shared, settings =>
        {
            settings["Auth:Audience"] = values.GetProperty("Auth__Audience").GetString();
            settings["Auth:Issuer"] = values.GetProperty("Auth__Issuer").GetString();
            settings["Auth:SigningKeys"] = values.GetProperty("Auth__SigningKeys").GetString();
        });
        var fundId = TestData.NewFundId();
        var response = await app.CallAsync<FundAdminFunctions>(
            "POST", "/api/manage/funds", (f, r) => f.CreateFund(r, CancellationToken.None), TestData.Fund(fundId), token);

        Assert.Equal(201, response.Status);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Asking_for_a_token_without_local_settings_says_what_to_run_instead_of_a_stack_trace()
    {
        var folder = Directory.CreateTempSubdirectory("mintfonds-devtoken-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["MINTFONDS_SETTINGS"] = Path.Combine(folder, "local.settings.json"),
            ["MINTFONDS_DEV_KEY"] = Path.Combine(folder, "dev-signing-key.pem"),
        };

        var (exitCode, output, error) = await RunNodeRaw(environment, "token", "--platform-admin");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("no local settings at", error, StringComparison.Ordinal);
        Assert.Contains("./scripts/run-local.sh", error, StringComparison.Ordinal);
        Assert.Contains("node tools/dev-token.mjs init functions/MintFonds.Functions/local.settings.json", error, StringComparison.Ordinal);
        Assert.DoesNotContain("    at ", error, StringComparison.Ordinal); // no stack trace
        Assert.False(File.Exists(environment["MINTFONDS_DEV_KEY"]), "No key may be made before init.");

        // Settings copied but init not run: the same advice, not a token the app would refuse.
        File.Copy(RepoPaths.Combine("local.settings.sample.json"), environment["MINTFONDS_SETTINGS"]);
        var notInitialised = await RunNodeRaw(environment, "token");
        Assert.Equal(1, notInitialised.ExitCode);
        Assert.Contains("not set up yet", notInitialised.Error, StringComparison.Ordinal);

        File.WriteAllText(environment["MINTFONDS_SETTINGS"], "{ not json");
        var broken = await RunNodeRaw(environment, "token");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("is not valid JSON", broken.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("    at ", broken.Error, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> RunNode(Dictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, output, error) = await RunNodeRaw(environment, arguments);
        Assert.True(exitCode == 0, error);
        return output;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunNodeRaw(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoPaths.Combine("tools", "dev-token.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, error);
    }
}
