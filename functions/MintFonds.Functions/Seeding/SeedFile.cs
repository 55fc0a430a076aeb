using MintFonds.Core.Funds;

namespace MintFonds.Functions.Seeding;

/// <summary>The shape of a seed file: one fund and its calls, in the same form the admin API accepts.</summary>
public sealed record SeedFile
{
    public FundInput? Fund { get; init; }

    public IReadOnlyList<CallInput> Calls { get; init; } = [];
}
