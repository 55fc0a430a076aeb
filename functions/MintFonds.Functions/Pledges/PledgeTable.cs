using MintFonds.Core.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>
/// The pledge rows of the Pledges table (<c>pledge-{reference}</c>) as documents, for ETag-guarded changes after the
/// submission (restriction and anonymisation). Same row shape as <see cref="PledgeRows.PledgeEntity"/>.
/// </summary>
public sealed class PledgeTable(StorageAccount storage) : DocumentTable<Pledge>(storage.Table(TableNames.Pledges))
{
    protected override IEnumerable<KeyValuePair<string, object?>> ColumnsOf(Pledge document) =>
    [
        new("SponsorId", document.SponsorId),
        new("Kind", document.Kind.ToString()),
        new("TotalCents", document.Total.Cents),
        new("CreatedAt", document.CreatedAt),
    ];

    public Azure.Data.Tables.TableClient Client => Table;
}
