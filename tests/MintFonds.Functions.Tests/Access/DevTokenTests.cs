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

    private static async Task<string> RunNode(Dictionary<string, string> environment, params string[] arguments)
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
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
