using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.WorkLists;

/// <summary>One line of the work list: what the office needs to pick an application (no contact or bank data).</summary>
public sealed record WorkListItem(
    string Reference,
    string CallId,
    ApplicationStatus Status,
    string InstitutionName,
    InstitutionType InstitutionType,
    string? District,
    string City,
    string ProjectTitle,
    IReadOnlyList<EducationStage> EducationStages,
    IReadOnlyList<MintField> MintFields,
    Euro RequestedAmount,
    DateTimeOffset SubmittedAt);

/// <summary>One page; <see cref="ContinuationToken"/> is absent on the last. A page may hold fewer items than asked for, even none, while a token follows.</summary>
public sealed record WorkListPage(IReadOnlyList<WorkListItem> Items, string? ContinuationToken);

/// <summary>Everything about one application: the record itself (with timeline, assessments, board hand-over and decision), the ledger's allocations, and the audit trail.</summary>
public sealed record WorkListDetail(Application Application, GrantFunding Funding, IReadOnlyList<AuditEntry> Audit);

/// <summary>
/// The office's work list over a fund's applications.
/// <para><b>Keys.</b> All applications of a fund are in ONE partition of the Applications table (PartitionKey = fund
/// id) under RowKey <c>app-{reference}</c>; the other row kinds of that partition (counters, markers, outbox …) have
/// other prefixes. A page is ONE Table query: <c>PartitionKey eq fund and RowKey in [app-, app.)</c> plus an OData
/// filter on the plain columns <see cref="ApplicationRows.ApplicationEntity"/> writes beside the JSON (CallId, Status,
/// InstitutionType, DistrictKey, SubmittedAt, one boolean per stage and MINT field), with <c>$top = pageSize</c> and the
/// service's continuation token. No index rows: the filter columns live on the application row itself, so they can
/// never disagree with it (every writer replaces the whole row).</para>
/// <para><b>What a page costs.</b> One query request against one partition's key range; the service returns at most
/// pageSize rows and stops scanning after 1,000 examined rows or 5 s, handing back a token. So a page never reads other
/// funds or other row kinds, and never more than ~1,000 applications however big the fund grows; a narrow filter can
/// yield a short or empty page with a token — clients follow the token until it is absent.</para>
/// <para><b>Free text</b> (<c>q</c>) has no server counterpart (OData in Table Storage has no "contains"): it is
/// matched on the rows of the page just read, so it shortens pages rather than widening the read; a whole reference
/// becomes a RowKey equality (a point read in effect).</para>
/// <para><b>Order.</b> RowKey order, i.e. by reference (fund prefix, year, sequence) = submission order within a prefix
/// and year, oldest first. Newest first cannot be served page by page from this key (the Table service reads only
/// ascending); it needs a second row per application with an inverted key, written in the submission transaction — left
/// for the owner of the submission service. Other orders (amount, institution) are not offered; a client may sort the
/// page it holds. Sequences above 9999 in one year sort lexically (…-10000 before …-9999).</para>
/// <para><b>Consistency.</b> Reads only; each page is what the table held when it was read. A row changed between pages
/// (e.g. its status) may leave or enter a filtered list, but the continuation is by key, so no row is served twice.</para>
/// </summary>
public sealed class WorkListService(StorageAccount storage, FundService funds, ApplicationStore applications, LedgerViews ledger, AuditLog audit)
{
    /// <summary>The export walks every page of the filter; above this many rows it asks for a narrower filter.</summary>
    public const int MaxExportRows = 20_000;

    private readonly TableClient _table = storage.Table(TableNames.Applications);

    public async Task<WorkListPage> PageAsync(string fundId, WorkListQuery query, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);

        // The token is the service's own (opaque) next keys; a token of another fund or filter cannot widen the read:
        // the filter always names this fund's partition and the app- range.
        var pages = _table.QueryAsync<TableEntity>(query.Filter(fundId), query.PageSize, Columns, cancellationToken).AsPages(query.ContinuationToken, query.PageSize);
        try
        {
            await foreach (var page in pages)
            {
                var items = page.Values.Select(ApplicationRows.ReadApplication).Where(query.MatchesText).Select(Item).ToList();
                return new WorkListPage(items, WorkListQuery.Wrap(page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && query.ContinuationToken is not null)
        {
            throw WorkListQuery.BadToken();
        }

        return new WorkListPage([], null);
    }

    /// <summary>Every application the filter selects, in reference order (the CSV export); one fund's partition, page by page.</summary>
    public async IAsyncEnumerable<Application> AllAsync(string fundId, WorkListQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var count = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(query.Filter(fundId), 1000, Columns, cancellationToken))
        {
            var application = ApplicationRows.ReadApplication(row);
            if (!query.MatchesText(application))
            {
                continue;
            }

            if (++count > MaxExportRows)
            {
                throw new Http.ProblemException(Http.Problems.BadRequest("q", $"Mehr als {MaxExportRows} Anträge: bitte den Filter enger fassen."));
            }

            yield return application;
        }
    }

    public async Task<WorkListDetail> DetailAsync(string fundId, string reference, CancellationToken cancellationToken)
    {
        await funds.GetAsync(fundId, cancellationToken);
        var (application, _) = await applications.GetAsync(fundId, reference, cancellationToken);
        var funding = await ledger.GrantAsync(fundId, reference, cancellationToken);
        var trail = await audit.ListForTargetAsync(fundId, $"application/{reference}", cancellationToken);
        return new WorkListDetail(DecisionFunctions.ForOffice(application), funding, trail);
    }

    public static WorkListItem Item(Application a) => new(
        a.Reference,
        a.CallId,
        a.Status,
        a.Institution.Name,
        a.Institution.Type,
        a.Institution.District,
        a.Institution.City,
        a.Project.Title,
        a.Project.EducationStages,
        a.Project.MintFields,
        a.Budget.RequestedAmount,
        a.SubmittedAt);

    // The JSON is the record; RowKey only for the error message of an unreadable row.
    private static readonly string[] Columns = ["PartitionKey", "RowKey", "Json", ApplicationRows.StatusTokenHashColumn];
}
