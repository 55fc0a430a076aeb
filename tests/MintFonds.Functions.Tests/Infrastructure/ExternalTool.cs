using System.Diagnostics;
using System.Text;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>The outcome of running a command-line tool.</summary>
public sealed record ToolRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"'{Command}' exited with {ExitCode}:\n{StandardOutput}\n{StandardError}";
}

/// <summary>Runs the repository's pinned command-line tools (Bicep, Redocly, actionlint) from the repository root.</summary>
public static class ExternalTool
{
    public static async Task<ToolRun> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var args = arguments.ToList();
        var command = $"{Path.GetFileName(executable)} {string.Join(' ', args)}";
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment["REDOCLY_TELEMETRY"] = "off";
        startInfo.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var standardError = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return new ToolRun(command, process.ExitCode, await standardOutput, await standardError);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command}' did not finish within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>An npm-installed tool from tools/node_modules/.bin, or a clear failure naming the install step.</summary>
    public static string NpmTool(string name)
    {
        var path = RepoPaths.Combine("tools", "node_modules", ".bin", name);
        Assert.True(File.Exists(path), $"{name} is not installed: run 'npm ci --prefix tools' (or ./scripts/test.sh).");
        return path;
    }
}
