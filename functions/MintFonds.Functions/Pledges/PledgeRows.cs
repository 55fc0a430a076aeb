using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Core.Json;
using MintFonds.Core.Pledges;

namespace MintFonds.Functions.Pledges;

/// <summary>
/// The kinds of rows in the Pledges table; all rows of a fund share its partition so that a pledge, its reference
/// counter, the lookup rows of its remittance references, its replay marker and its e-mail job are one transaction.
/// <list type="bullet">
/// <item><c>pledge-{reference}</c>: the pledge</item>
/// <item><c>ref-{remittance reference}</c>: which pledge and instalment a transfer with this reference pays</item>
/// <item><c>seq-{year}</c>: the last pledge number of that year</item>
/// <item><c>proposal-{id}</c>: an open proposal to change a known sponsor's data (see <see cref="SponsorChangeProposal"/>)</item>
/// <item><c>idem-…</c> / <c>dup-…</c>: replay markers; <c>outbox-…</c>: queue messages to relay</item>
/// </list>
/// </summary>
public static class PledgeRows
{
    public static string PledgeKey(string reference) => "pledge-" + reference;

    public static string RemittanceKey(string remittanceReference) => "ref-" + remittanceReference;

    public const string ProposalPrefix = "proposal-";

    // '-' + 1: the first key after every "proposal-…" key, for a range query over the open proposals alone.
    public const string ProposalEnd = "proposal.";

    public static string ProposalKey(string id) => ProposalPrefix + id;

    public static string ProposalId(string sponsorId, SponsorDetails proposed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(sponsorId + "|" + JsonSerializer.Serialize(proposed, MintFondsJson.Storage))))[..32];

    public static TableEntity ProposalEntity(SponsorChangeProposal proposal) => new(proposal.FundId, ProposalKey(proposal.Id))
    {
        ["Json"] = JsonSerializer.Serialize(proposal, MintFondsJson.Storage),
        ["SponsorId"] = proposal.SponsorId,
        ["ProposedAt"] = proposal.ProposedAt,
    };

    public static SponsorChangeProposal ReadProposal(TableEntity entity) =>
        JsonSerializer.Deserialize<SponsorChangeProposal>(entity.GetString("Json"), MintFondsJson.Storage)
        ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds no proposal.");

    public static string SequenceKey(int year) => "seq-" + year.ToString(CultureInfo.InvariantCulture);

    public static TableEntity PledgeEntity(Pledge pledge) => new(pledge.FundId, PledgeKey(pledge.Reference))
    {
        ["Json"] = JsonSerializer.Serialize(pledge, MintFondsJson.Storage),
        ["SchemaVersion"] = 1,
        ["SponsorId"] = pledge.SponsorId,
        ["Kind"] = pledge.Kind.ToString(),
        ["TotalCents"] = pledge.Total.Cents,
        ["CreatedAt"] = pledge.CreatedAt,
    };

    public static Pledge ReadPledge(TableEntity entity) =>
        JsonSerializer.Deserialize<Pledge>(entity.GetString("Json"), MintFondsJson.Storage)
        ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds no pledge.");

    public static TableEntity RemittanceEntity(string fundId, Instalment instalment, string pledgeReference) =>
        new(fundId, RemittanceKey(instalment.RemittanceReference))
        {
            ["PledgeReference"] = pledgeReference,
            ["Instalment"] = instalment.Number,
        };
}
