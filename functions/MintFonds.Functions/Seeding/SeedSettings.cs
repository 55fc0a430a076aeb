namespace MintFonds.Functions.Seeding;

/// <summary>Settings section "Seed": local runs start with a configured fund and an open call.</summary>
public sealed class SeedSettings
{
    public bool Enabled { get; set; }

    /// <summary>Path of the seed file, relative to the app's folder.</summary>
    public string File { get; set; } = "Seed/th-bingen.json";
}
