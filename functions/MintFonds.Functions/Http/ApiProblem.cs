using System.Text.Json.Serialization;

namespace MintFonds.Functions.Http;

/// <summary>An RFC 7807 problem document. <see cref="Errors"/> maps each bad field (JSON path) to its messages.</summary>
public sealed record ApiProblem
{
    public required string Type { get; init; }

    public required string Title { get; init; }

    public required int Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public string? TraceId { get; init; }

    /// <summary>Further members of the problem document (RFC 7807 extensions), e.g. a workflow's current state and allowed steps.</summary>
    [JsonExtensionData]
    public Dictionary<string, object>? Extensions { get; init; }

    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
