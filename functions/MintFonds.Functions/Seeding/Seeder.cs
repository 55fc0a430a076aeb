using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Validation;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Seeding;

/// <summary>
/// Writes the seed fund and calls when they are missing; never overwrites what the office changed since.
/// The file goes through the same validators as the admin API, so a bad seed fails loudly at start-up.
/// </summary>
public sealed partial class Seeder(IOptions<SeedSettings> settings, FundTable funds, CallTable calls, TimeProvider time, ILogger<Seeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.Enabled)
        {
            return;
        }

        var path = Path.IsPathRooted(settings.Value.File) ? settings.Value.File : Path.Combine(AppContext.BaseDirectory, settings.Value.File);
        await using var stream = File.OpenRead(path);
        var seed = await JsonSerializer.DeserializeAsync<SeedFile>(stream, MintFondsJson.Api, cancellationToken)
            ?? throw new InvalidDataException($"Seed file {path} is empty.");
        var now = time.GetUtcNow();

        var fund = Valid(FundValidator.Validate(seed.Fund ?? new FundInput(), null, now), path);
        var fundCreated = await AddIfMissingAsync(() => funds.AddAsync(FundTable.Partition, fund.Id, fund, cancellationToken));
        var callsCreated = 0;
        foreach (var input in seed.Calls)
        {
            var call = Valid(CallValidator.Validate(fund.Id, input, null, now), path);
            callsCreated += await AddIfMissingAsync(() => calls.AddAsync(fund.Id, call.Id, call, cancellationToken)) ? 1 : 0;
        }

        LogSeeded(logger, fund.Id, fundCreated, callsCreated);
    }

    private static T Valid<T>(Validated<T> result, string path)
        where T : class =>
        result.Value ?? throw new InvalidDataException(
            $"Seed file {path} is invalid: " + string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));

    private static async Task<bool> AddIfMissingAsync<T>(Func<Task<T>> add)
    {
        try
        {
            await add();
            return true;
        }
        catch (StorageConflictException ex) when (ex.Kind == ConflictKind.AlreadyExists)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed for fund {FundId}: fund created {FundCreated}, {CallsCreated} calls created")]
    private static partial void LogSeeded(ILogger logger, string fundId, bool fundCreated, int callsCreated);
}
