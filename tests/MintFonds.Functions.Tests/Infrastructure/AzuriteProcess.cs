using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>
/// The repository's pinned Azurite (tools/node_modules) on free loopback ports, in memory, stopped on dispose: SIGTERM
/// first, then a kill after a short grace period, because Azurite's node process can linger. Shared by the function
/// tests (<see cref="AzuriteFixture"/>) and the benchmark (tools/Benchmark links this file), so both start it alike.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's well-known development account: public, documented, not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <param name="repositoryRoot">The folder holding MintFonds.sln (Azurite is under tools/node_modules).</param>
    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "tools", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                "Azurite is not installed. Run 'npm ci --prefix tools' (needs Node.js 20+), or run every test with ./scripts/test.sh.");
        }

        var node = FindNode() ?? throw new InvalidOperationException(
            "Node.js was not found on PATH. Install Node.js 20 or newer: Azurite, the Azure Storage emulator, runs with it.");
        var ports = FreePorts.Take(3);
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,

            // In-memory persistence writes nothing, but Azurite still wants a writable working folder for its debug files.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            script, "--blobPort", Text(ports[0]), "--queuePort", Text(ports[1]), "--tablePort", Text(ports[2]),
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(
            process,
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";" +
            $"BlobEndpoint=http://127.0.0.1:{Text(ports[0])}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{Text(ports[1])}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{Text(ports[2])}/devstoreaccount1;");
        try
        {
            foreach (var port in ports)
            {
                await azurite.WaitForPortAsync(port, TimeSpan.FromSeconds(30));
            }
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        try
        {
            using (var term = Process.Start("kill", ["-TERM", Text(_process.Id)]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before it listened on port {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {port} within {timeout.TotalSeconds} s.");
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
}
