namespace MintFonds.Functions.Storage;

/// <summary>What kind of write conflict storage reported.</summary>
public enum ConflictKind
{
    /// <summary>The row already exists (an insert lost a race or repeated).</summary>
    AlreadyExists,

    /// <summary>The row changed since it was read (the ETag no longer matches).</summary>
    Stale,
}

/// <summary>A write refused by storage itself, so callers never rely on a prior read to detect races.</summary>
public sealed class StorageConflictException(ConflictKind kind, Exception inner)
    : Exception(kind == ConflictKind.AlreadyExists ? "The entity already exists." : "The entity was changed by someone else.", inner)
{
    public ConflictKind Kind { get; } = kind;
}
