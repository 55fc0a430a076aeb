namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>One Azurite for a test run (see <see cref="AzuriteProcess"/>): started before the first test, stopped after the last.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? string.Empty;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(RepoPaths.Root);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
