namespace MintFonds.Core.Funds;

/// <summary>
/// How a fund assesses and decides: the criteria the office scores (1–5 each) and how many board approvals a decision
/// needs. A fund without settings uses <see cref="Default"/>.
/// </summary>
public sealed record DecisionSettings(IReadOnlyList<string> Criteria, int BoardApprovalsRequired)
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    public static readonly DecisionSettings Default = new(["Bezug zur MINT-Bildung", "Nachhaltigkeit", "Reichweite"], 1);

    public static DecisionSettings Of(Fund fund) => fund.Decisions ?? Default;
}

public sealed record DecisionSettingsInput
{
    public IReadOnlyList<string>? Criteria { get; init; }

    public int? BoardApprovalsRequired { get; init; }
}
