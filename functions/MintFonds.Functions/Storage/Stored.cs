using Azure;

namespace MintFonds.Functions.Storage;

/// <summary>A stored document with the ETag that guards the next change of it.</summary>
public sealed record Stored<T>(T Value, ETag ETag);
