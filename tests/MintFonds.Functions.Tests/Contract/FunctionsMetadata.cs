using System.Text.Json;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests;

/// <summary>One function as the host sees it in the built functions.metadata.</summary>
public sealed record FunctionBinding(string Name, string EntryPoint, string Trigger, string? Route, IReadOnlyList<string> Methods, string? AuthLevel, string? QueueName, string? Schedule);

/// <summary>Reads the functions.metadata that the Worker SDK wrote when it built the Function App.</summary>
public static class FunctionsMetadata
{
    public static string FilePath => RepoPaths.Combine("functions", "MintFonds.Functions", "bin", RepoPaths.Configuration, "net10.0", "functions.metadata");

    public static IReadOnlyList<FunctionBinding> Load()
    {
        if (!File.Exists(FilePath))
        {
            throw new FileNotFoundException("Build the Function App first: functions.metadata is written by its build.", FilePath);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return [.. document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .First(b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return new FunctionBinding(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                String(trigger, "route"),
                trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!)] : [],
                String(trigger, "authLevel"),
                String(trigger, "queueName"),
                String(trigger, "schedule"));
        })];
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
