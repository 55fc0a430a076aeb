using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;

namespace MintFonds.Functions.Figures;

/// <summary>What changed a fund's published figures (reports, transparency page, state-wide view).</summary>
public enum FigureKind
{
    /// <summary>An application was filed (counts applications by stage, field and district).</summary>
    ApplicationSubmitted,

    /// <summary>A grant was approved; <see cref="FigureEvent.AmountCents"/> is the amount granted.</summary>
    GrantApproved,

    /// <summary>Approved money went back to the pool (renounced, revoked, reduced); amount released.</summary>
    GrantReleased,

    /// <summary>A sponsor's payment became money of the fund; amount received.</summary>
    MoneyReceived,

    /// <summary>The bank confirmed a payout; amount paid out.</summary>
    PayoutPaid,

    /// <summary>A paid-out transfer came back (returned by the bank); amount returned.</summary>
    PayoutReturned,

    /// <summary>A grantee paid back unspent money; amount repaid.</summary>
    RepaymentReceived,

    /// <summary>The office accepted a proof of use; <see cref="FigureEvent.ParticipantsByStage"/> holds the people reached.</summary>
    UseAccepted,
}

/// <summary>
/// One change of a fund's figures, as a fact. It is written as a <c>figpending-…</c> row INTO THE TRANSACTION that makes
/// the change (same table, same partition as the change's own rows), so a change and its figure fact commit together or
/// not at all, and intake gains no storage request. The figures capability folds pending facts into its aggregate rows
/// and deletes them in one transaction per partition (exactly once), so building figures reads only what is pending,
/// never history.
/// </summary>
public sealed record FigureEvent(
    FigureKind Kind,
    string FundId,
    DateTimeOffset At,
    string? Reference,
    long AmountCents,
    IReadOnlyList<EducationStage>? Stages = null,
    IReadOnlyList<MintField>? MintFields = null,
    string? District = null,
    string? InstitutionKey = null,
    IReadOnlyDictionary<EducationStage, int>? ParticipantsByStage = null);

/// <summary>The <c>figpending-{ticks}-{id}</c> row of a <see cref="FigureEvent"/>; the id is unique per change (e.g. the write id).</summary>
public static class FigureEvents
{
    public const string PendingPrefix = "figpending-";

    /// <remarks>
    /// The row key starts with the change's time (UTC ticks), so the fold reads pending facts oldest first: a grant's
    /// approval is counted before its release, payouts or proof of use, whose breakdown it provides.
    /// </remarks>
    public static TableEntity Entity(string partitionKey, string id, FigureEvent change) =>
        new(partitionKey, PendingPrefix + change.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + id)
    {
        ["Kind"] = change.Kind.ToString(),
        ["FundId"] = change.FundId,
        ["At"] = change.At,
        ["Reference"] = change.Reference,
        ["AmountCents"] = change.AmountCents,
        ["Detail"] = JsonSerializer.Serialize(change, MintFondsJson.Storage),
    };

    public static FigureEvent Read(TableEntity entity) =>
        JsonSerializer.Deserialize<FigureEvent>(entity.GetString("Detail"), MintFondsJson.Storage)
        ?? throw new InvalidDataException("A figure fact row without its detail: " + entity.RowKey.ToString(CultureInfo.InvariantCulture));
}
