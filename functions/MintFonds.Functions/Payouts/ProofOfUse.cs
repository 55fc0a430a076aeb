using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Payouts;

public enum ProofOfUseState
{
    /// <summary>Nothing sent yet (there is no row then; used in views).</summary>
    Due,

    Submitted,

    MoreRequested,

    Accepted,
}

/// <summary>A file of a proof of use; <see cref="Id"/> is random and is the blob's name (never the sent file name).</summary>
public sealed record ProofOfUseFile(string Id, string Kind, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    public string BlobName(string fundId, string reference) => $"{fundId}/proof-of-use/{reference}/{Id}";
}

/// <summary>
/// A grant's proof of use (<c>use-{reference}</c> in the fund's Ledger partition, next to its decision row). It holds
/// the participants actually reached per education stage: the figures capability reads them from here (and from the
/// <see cref="Figures.FigureKind.UseAccepted"/> fact written when the office accepts it).
/// </summary>
public sealed record ProofOfUse
{
    public required string FundId { get; init; }

    public required string Reference { get; init; }

    public required ProofOfUseState State { get; init; }

    public DateOnly? DueOn { get; init; }

    public required string Report { get; init; }

    public required IReadOnlyDictionary<EducationStage, int> ParticipantsByStage { get; init; }

    public required IReadOnlyList<SpendingLine> Spending { get; init; }

    public bool PhotoConsentConfirmed { get; init; }

    public IReadOnlyList<ProofOfUseFile> Files { get; init; } = [];

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>How often the grantee sent it (a request for more asks for another submission).</summary>
    public int Submissions { get; init; } = 1;

    /// <summary>The Idempotency-Keys of the submissions (hashed), so a retried upload is recognised.</summary>
    public IReadOnlyList<string> SubmissionKeys { get; init; } = [];

    public string? OfficeMessage { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }

    public string? AcceptedBy { get; init; }

    public Euro? RepaymentDue { get; init; }

    public Euro RepaymentReceived { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Euro Spent => Spending.Aggregate(Euro.Zero, (sum, line) => sum + line.Amount);
}

/// <summary>The proof-of-use rows (Ledger table, partition = fund id, <c>use-{reference}</c>).</summary>
public sealed class ProofOfUseTable(StorageAccount storage) : DocumentTable<ProofOfUse>(storage.Table(TableNames.Ledger))
{
    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(ProofOfUse document) =>
    [
        new("State", document.State.ToString()),
        new("SpentCents", document.Spent.Cents),
        new("Participants", document.ParticipantsByStage.Values.Sum()),
    ];

    public TableEntity Entity(ProofOfUse use, ETag etag = default)
    {
        var entity = ToEntity(use.FundId, PayoutRows.UseKey(use.Reference), use);
        entity.ETag = etag;
        return entity;
    }
}

public sealed record ProofOfUseReportInput
{
    public string? Report { get; init; }

    public Dictionary<EducationStage, int>? ParticipantsByStage { get; init; }

    public IReadOnlyList<SpendingLineInput>? Spending { get; init; }

    public bool? PhotoConsentConfirmed { get; init; }
}

public sealed record SpendingLineInput
{
    public string? BudgetLine { get; init; }

    public Euro? Amount { get; init; }
}

public sealed record ProofOfUseReviewInput
{
    /// <summary>For "request more": what the office asks for (sent to the grantee). For "accept": an optional note.</summary>
    public string? Message { get; init; }

    /// <summary>For "request more": by when the addition is due (default: in four weeks); reminded and listed as overdue like the first.</summary>
    public DateOnly? DueOn { get; init; }
}

/// <summary>Builds the grantee's and the office's view of a proof of use.</summary>
public static class ProofOfUseViews
{
    public static ProofOfUseView Of(ProofOfUse use) => new(
        use.Reference,
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(use.State.ToString()),
        use.DueOn,
        use.SubmittedAt,
        use.Report,
        use.ParticipantsByStage,
        use.Spending,
        use.Spent,
        use.PhotoConsentConfirmed,
        [.. use.Files.Select(f => new ProofOfUseFileView(f.Id, f.Kind, f.ContentType, f.Size, f.UploadedAt))],
        use.State == ProofOfUseState.MoreRequested ? use.OfficeMessage : null,
        use.AcceptedAt,
        use.RepaymentDue,
        use.RepaymentDue is null ? null : use.RepaymentReceived,
        use.RepaymentDue is null ? null : ProofOfUseView.RemittanceFor(use.Reference));
}
