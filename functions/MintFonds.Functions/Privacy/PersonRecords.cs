using Azure.Data.Tables;
using MintFonds.Core.Applications;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Privacy;

/// <summary>A file in blob storage that belongs to a person's records.</summary>
public sealed record PersonFile(string Container, string BlobName, string ContentType, string ExportPath);

/// <summary>
/// Everything one fund stores about one person (found by the hash of the e-mail address), with the ETags that guard
/// changes, and the index rows that led there (also those that point to nothing any more: erasure removes them).
/// </summary>
public sealed class PersonRecords(string fundId, string personKey)
{
    public string FundId { get; } = fundId;

    public string PersonKey { get; } = personKey;

    public List<Stored<Application>> Applications { get; } = [];

    public List<Stored<Sponsor>> Sponsors { get; } = [];

    public List<Stored<Pledge>> Pledges { get; } = [];

    public List<SponsorChangeProposal> Proposals { get; } = [];

    public List<Stored<Payment>> Payments { get; } = [];

    public List<Stored<ReceiptRecord>> Receipts { get; } = [];

    /// <summary>The proofs of use of the person's grants (report, spending, participants) and their files.</summary>
    public List<Payouts.ProofOfUse> ProofsOfUse { get; } = [];

    /// <summary>GiroCode images of the pledges (receipt PDFs are named by their records, e-mails by <see cref="MailArtefacts"/>).</summary>
    public List<PersonFile> GiroCodes { get; } = [];

    public List<MailArtefact> MailArtefacts { get; } = [];

    /// <summary>Delivery-ledger rows of e-mails to the person (no address in them: key, template, state, times).</summary>
    public List<TableEntity> Deliveries { get; } = [];

    public List<DeadLetter> DeadLetters { get; } = [];

    /// <summary>Index rows by table: Applications, Pledges, Sponsors (person rows) and Ledger (sponsor links).</summary>
    public List<(string Table, TableEntity Row)> IndexRows { get; } = [];

    public IEnumerable<Stored<Pledge>> PledgesOf(string sponsorId) => Pledges.Where(p => p.Value.SponsorId == sponsorId);

    public IEnumerable<Stored<Payment>> PaymentsOf(string sponsorId) => Payments.Where(p => p.Value.Match?.SponsorId == sponsorId);

    public IEnumerable<Stored<ReceiptRecord>> ReceiptsOf(string sponsorId) => Receipts.Where(r => r.Value.SponsorId == sponsorId);

    /// <summary>Every audit target that names one of these records.</summary>
    public IEnumerable<string> AuditTargets() =>
        Applications.Select(a => "application/" + a.Value.Reference)
            .Concat(Sponsors.Select(s => "sponsor/" + s.Value.Id))
            .Concat(Pledges.Select(p => "pledge/" + p.Value.Reference))
            .Concat(Payments.Select(p => "payment/" + p.Value.Id))
            .Concat(Receipts.Select(r => "receipt/" + r.Value.Number))
            .Concat(ProofsOfUse.Select(u => "proof-of-use/" + u.Reference));
}
