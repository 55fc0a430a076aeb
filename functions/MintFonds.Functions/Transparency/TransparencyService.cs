using System.Globalization;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Validation;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Reports;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Transparency;

/// <summary>A project the applicant consented to publish; no contact data, no people.</summary>
public sealed record PublishedProject(string Title, string Institution, string? District, IReadOnlyList<string> EducationStages, IReadOnlyList<string> MintFields, Euro? Granted);

/// <summary>The public transparency view of a fund: key figures, the published projects and the sponsors who consented to be named.</summary>
public sealed record TransparencyView(
    string FundId,
    string Name,
    string Region,
    KeyFigures AllTime,
    int Year,
    KeyFigures ThisYear,
    IReadOnlyList<PublishedProject> PublishedProjects,
    IReadOnlyList<string> Sponsors,
    PublicBranding Branding);

/// <summary>
/// Builds the public transparency page of a fund without reading the application, pledge or payment history:
/// <list type="bullet">
/// <item>the money and project figures come from the aggregate rows (<see cref="FigureReader"/>: 4 point reads),
/// which the figures fold keeps up to date from the facts every change writes (the <c>FoldFigures</c> timer, every
/// few minutes: the page is at most that far behind, and its Cache-Control says so);</item>
/// <item>published projects: the <c>figpub-</c> range (approved grants whose applicant consented when approved) and one
/// point read of each application, which must still show the consent: a withdrawal takes effect at once;</item>
/// <item>named sponsors: the <c>pubname-</c> range (pledges made with consent) and point reads of the pledge (consent
/// not withdrawn) and of the sponsor (the name; not restricted or erased). Alphabetical, names only, no amounts, no
/// links (domain rules: recognition must not rank donors or advertise them).</item>
/// </list>
/// So the reads grow with what the page shows, never with the fund's history; answers carry an ETag for 304s.
/// </summary>
public sealed class TransparencyService(
    StorageAccount storage, FundTable funds, FigureReader figures, ApplicationStore applications, PledgeTable pledges, SponsorTable sponsors, Regions.FundLogoService logos, TimeProvider time)
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public async Task<TransparencyView> ViewAsync(string fundId, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(fundId) || (await funds.GetAsync(fundId, cancellationToken))?.Value is not { } fund)
        {
            throw new ProblemException(Problems.NotFound("Diesen Fonds gibt es nicht."));
        }

        var year = Core.Time.BerlinTime.Today(time).Year;
        var allTime = KeyFigures.From(await figures.ReadAsync(fundId, FigureRows.AllTime, cancellationToken));
        var thisYear = KeyFigures.From(await figures.ReadAsync(fundId, FigureRows.YearPeriod(year), cancellationToken));

        var projects = new List<PublishedProject>();
        await foreach (var row in storage.Table(TableNames.Ledger).QueryAsync<TableEntity>(LedgerRows.Range(fundId, FigureRows.PublishedPrefix), cancellationToken: cancellationToken))
        {
            var found = await applications.FindAsync(fundId, row.GetString("Reference"), cancellationToken);
            // The figpub- row exists only while the grant stands (the fold removes it on release); later states of a standing
            // grant (e.g. after the proof of use) keep it listed.
            if (found is { Application: { Consents.PublishProject: true, AnonymisedAt: null, Status: not (ApplicationStatus.Withdrawn or ApplicationStatus.Rejected) } a })
            {
                projects.Add(new PublishedProject(
                    a.Project.Title, a.Institution.Name, a.Institution.District,
                    [.. a.Project.EducationStages.Select(GermanLabels.For)], [.. a.Project.MintFields.Select(GermanLabels.For)], a.Decision?.GrantedAmount));
            }
        }

        var named = new SortedSet<string>(StringComparer.Create(German, ignoreCase: true));
        var checkedSponsors = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in storage.Table(TableNames.Pledges).QueryAsync<TableEntity>(LedgerRows.Range(fundId, SponsorIndex.NamedPrefix), cancellationToken: cancellationToken))
        {
            var sponsorId = row.GetString("SponsorId");
            if (checkedSponsors.Contains(sponsorId))
            {
                continue;
            }

            var pledge = (await pledges.GetAsync(fundId, PledgeRows.PledgeKey(row.GetString("PledgeReference")), cancellationToken))?.Value;
            if (pledge is not { PublicNameConsent: true, AnonymisedAt: null })
            {
                continue; // withdrawn with this pledge; another pledge of the sponsor may still carry consent
            }

            checkedSponsors.Add(sponsorId);
            if ((await sponsors.GetAsync(fundId, sponsorId, cancellationToken))?.Value is { Restriction: null } sponsor)
            {
                named.Add(sponsor.Name);
            }
        }

        return new TransparencyView(
            fund.Id, fund.Name, fund.Region, allTime, year, thisYear,
            [.. projects.OrderBy(p => p.Title, StringComparer.Create(German, ignoreCase: true))], [.. named],
            logos.PublicBrandingOf(fund));
    }
}
