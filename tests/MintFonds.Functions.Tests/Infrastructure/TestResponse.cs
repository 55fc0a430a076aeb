using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>What a function answered, as the host would have sent it.</summary>
public sealed record TestResponse(int Status, IHeaderDictionary Headers, string ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The body exactly as written, for answers that are not text (a ZIP).</summary>
    public byte[] Bytes { get; init; } = [];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The fields named in a problem+json answer.</summary>
    public IReadOnlyCollection<string> ProblemFields =>
        Json.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(p => p.Name)] : [];

    public override string ToString() => $"{Status} {ContentType}: {Body}";
}
