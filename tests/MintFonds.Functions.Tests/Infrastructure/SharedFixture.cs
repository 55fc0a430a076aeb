namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>What all function tests share: one Azurite for the run and one signing key.</summary>
public sealed class SharedFixture : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();

    public TestTokens Tokens { get; } = new();

    public Task InitializeAsync() => Azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Azurite.DisposeAsync();
        Tokens.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<SharedFixture>
{
    public const string Name = "app";
}
