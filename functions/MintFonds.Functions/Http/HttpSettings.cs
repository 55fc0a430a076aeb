namespace MintFonds.Functions.Http;

/// <summary>Settings section "Http".</summary>
public sealed class HttpSettings
{
    /// <summary>Largest request body accepted; larger ones get 413 before anything is parsed.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}
