using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Reports;
using MintFonds.Functions.Figures;

namespace MintFonds.Functions.Reports;

/// <summary>Everything one sponsor's quarterly report shows, read by <see cref="SponsorReportSource"/>; rendered by <see cref="SponsorReportPdf"/>.</summary>
public sealed record SponsorReport
{
    public required string FundId { get; init; }

    public required string FundName { get; init; }

    /// <summary>The fund's logo and colour for the letterhead and headings; null: the plain defaults.</summary>
    public Receipts.Pdf.DocumentBrand? Brand { get; init; }

    public required string IssuerName { get; init; }

    public required ReportQuarter Quarter { get; init; }

    /// <summary>"de" or "en".</summary>
    public required string Language { get; init; }

    public required string SponsorId { get; init; }

    public required string SponsorName { get; init; }

    public required DateOnly IssuedOn { get; init; }

    /// <summary>Every payment of the sponsor up to the end of the quarter, oldest first.</summary>
    public required IReadOnlyList<ReportPayment> Payments { get; init; }

    /// <summary>Grants the sponsor's money funds now whose applicants consented to publication.</summary>
    public required IReadOnlyList<ReportGrant> NamedGrants { get; init; }

    /// <summary>The other grants the sponsor's money funds: counted by education stage, never named.</summary>
    public required IReadOnlyList<AnonymousGrants> OtherGrants { get; init; }

    public required IReadOnlyList<EarmarkBalance> Earmarks { get; init; }

    /// <summary>The sponsor's allocated money by education stage (split to the cent over a grant's stages).</summary>
    public required IReadOnlyDictionary<EducationStage, Euro> MoneyByStage { get; init; }

    public required FigureCounters FundQuarter { get; init; }

    public required FigureCounters FundYear { get; init; }

    /// <summary>The fund's money per quarter of the report's year, up to the report's quarter.</summary>
    public required IReadOnlyList<(ReportQuarter Quarter, FigureCounters Figures)> FundOverTime { get; init; }

    public Euro PaidInQuarter => Payments.Where(p => Quarter.Contains(p.ValueDate)).Aggregate(Euro.Zero, (s, p) => s + p.Amount);

    public Euro PaidTotal => Payments.Aggregate(Euro.Zero, (s, p) => s + p.Amount);

    public Euro Allocated => NamedGrants.Aggregate(Euro.Zero, (s, g) => s + g.FromSponsor) + OtherGrants.Aggregate(Euro.Zero, (s, g) => s + g.FromSponsor);

    public Euro Available => PaidTotal - Allocated;

    public int ProjectsFunded => NamedGrants.Count + OtherGrants.Sum(g => g.Count);

    public int ParticipantsReached => NamedGrants.Sum(g => g.Participants ?? 0) + OtherGrants.Sum(g => g.Participants);
}

public sealed record ReportPayment(string PaymentId, DateOnly ValueDate, Euro Amount, string Kind, string Earmark);

public sealed record ReportGrant(
    string Reference, string Title, string Institution, IReadOnlyList<EducationStage> Stages, IReadOnlyList<MintField> Fields, string? District,
    Euro FromSponsor, GrantStatus Status, int? Participants);

/// <summary>Grants without publication consent at one education stage (their first stage): how many, how much, people reached.</summary>
public sealed record AnonymousGrants(EducationStage? Stage, int Count, Euro FromSponsor, int Participants);

/// <summary>An earmark of the sponsor's pledges: promised, paid in, allocated to projects, still available, still to come.</summary>
public sealed record EarmarkBalance(string Earmark, Euro Promised, Euro PaidIn, Euro Allocated)
{
    public Euro Available => PaidIn - Allocated;

    public Euro StillToCome => Promised > PaidIn ? Promised - PaidIn : Euro.Zero;
}

public enum GrantStatus
{
    Approved,
    PaidOut,
    UseProven,
    Released,
}
