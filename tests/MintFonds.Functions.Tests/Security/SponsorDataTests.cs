using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Core.Pledges;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using UglyToad.PdfPig;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// Sponsor data cannot be overwritten anonymously. Before the fix, a second pledge with the same name and e-mail
/// replaced the stored address, and the real sponsor's next donation receipt printed the caller's address.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SponsorDataTests(SharedFixture shared)
{
    private const string Name = "Rheinhessische Maschinenbau GmbH";
    private const string Email = "foerderung@rhm-maschinenbau.example";

    [Fact]
    public async Task A_pledge_in_a_known_sponsors_name_changes_nothing_and_the_donors_receipt_keeps_the_address_given_with_the_pledge()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        Assert.Equal(201, (await SubmitAsync(app, fundId, Pledge())).Status);
        await TakeMailsAsync(fundId);

        var forged = await SubmitAsync(app, fundId, WithAddress(Pledge(amount: 5m, schedule: "oneOff", years: null), "Fälscherweg 1", "10115", "Berlin"));

        Assert.Equal(201, forged.Status);
        var sponsor = (await app.Get<SponsorTable>().GetAsync(fundId, SponsorKey.IdFor(Name, Email), CancellationToken.None))!.Value;
        Assert.Equal("Am Hafen 7", sponsor.Address.Street);
        var proposal = Assert.Single(await app.Get<SponsorProposalService>().ListAsync(fundId, CancellationToken.None));
        Assert.Equal("Fälscherweg 1", proposal.Proposed.Address.Street);
        Assert.Equal("Am Hafen 7", proposal.Current.Address.Street);
        Assert.Equal("MRF-P-2026-0002", proposal.PledgeReference);

        // The sponsor is told at the address the fund knows, without the proposed data.
        var notice = Assert.Single(await TakeMailsAsync(fundId), m => m.Template == NotificationTemplates.SponsorChangeProposed);
        Assert.Equal(Email, Assert.Single(notice.To).Email);
        Assert.DoesNotContain("Fälscherweg", notice.Data.GetRawText(), StringComparison.Ordinal);

        // The real sponsor pays their own pledge: the receipt prints the address they gave with it.
        Assert.Equal(201, (await RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1")).Status);
        var text = await IssueAndReadAsync(app, fundId);
        Assert.Contains("Am Hafen 7", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Fälscherweg", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_office_accepts_a_proposal_audited_and_receipts_from_then_on_print_the_confirmed_address()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge());
        await SubmitAsync(app, fundId, WithAddress(Pledge(amount: 5m, schedule: "oneOff", years: null), "Neue Straße 2", "55411", "Bingen am Rhein"));
        await TakeMailsAsync(fundId);
        var proposal = Assert.Single(await app.Get<SponsorProposalService>().ListAsync(fundId, CancellationToken.None));
        var auditor = TestData.NewPrincipalId();
        await Access.AdminAccessTests.Grant(app, fundId, auditor, "auditor");

        var refused = await AcceptAsync(app, fundId, proposal.Id, app.TokenFor(auditor));
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var accepted = await AcceptAsync(app, fundId, proposal.Id, app.PlatformAdminToken);
        var again = await AcceptAsync(app, fundId, proposal.Id, app.PlatformAdminToken);

        Assert.Equal(403, refused.Status);
        Assert.Equal(200, accepted.Status);
        Assert.Equal(404, again.Status);
        Assert.Empty(await app.Get<SponsorProposalService>().ListAsync(fundId, CancellationToken.None));
        var sponsor = (await app.Get<SponsorTable>().GetAsync(fundId, proposal.SponsorId, CancellationToken.None))!.Value;
        Assert.Equal("Neue Straße 2", sponsor.Address.Street);
        Assert.NotNull(sponsor.ConfirmedAt);
        var entries = await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        Assert.Contains(entries, e => e.Action == "sponsor.proposal.accept" && e.Target == $"sponsor/{proposal.SponsorId}" && e.Outcome == AuditOutcome.Done);

        // An instalment of the first pledge, paid after the office confirmed the new address, prints it.
        await RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1");
        Assert.Contains("Neue Straße 2", await IssueAndReadAsync(app, fundId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_proposal_is_gone_and_audited_and_the_same_post_twice_is_one_proposal()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge());
        var forged = WithAddress(Pledge(amount: 5m, schedule: "oneOff", years: null), "Fälscherweg 1", "10115", "Berlin");
        await SubmitAsync(app, fundId, forged, idempotencyKey: "a");
        await SubmitAsync(app, fundId, forged, idempotencyKey: "b");
        await TakeMailsAsync(fundId);
        var proposal = Assert.Single(await app.Get<SponsorProposalService>().ListAsync(fundId, CancellationToken.None));

        var rejected = await app.CallAsync<SponsorProposalAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/sponsor-proposals/{proposal.Id}/reject",
            (f, r) => f.RejectSponsorProposal(r, fundId, proposal.Id, CancellationToken.None), token: app.PlatformAdminToken);

        Assert.Equal(204, rejected.Status);
        Assert.Empty(await app.Get<SponsorProposalService>().ListAsync(fundId, CancellationToken.None));
        Assert.Equal("Am Hafen 7", (await app.Get<SponsorTable>().GetAsync(fundId, proposal.SponsorId, CancellationToken.None))!.Value.Address.Street);
        Assert.Contains(await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None), e => e.Action == "sponsor.proposal.reject");
    }

    [Fact]
    public async Task Our_own_sponsor_insert_found_again_after_a_lost_answer_is_not_a_returning_sponsor()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        var sponsor = new Sponsor
        {
            FundId = fundId, Id = SponsorKey.IdFor(Name, Email), Type = SponsorType.Unternehmen, Name = Name,
            Address = new Core.Funds.PostalAddress("Am Hafen 7", "55411", "Bingen am Rhein", "DE"), Email = Email, CreatedAt = Now,
            CreatedBySubmission = Guid.NewGuid().ToString("N"),
        };

        var first = await app.Get<SponsorTable>().AddOrGetAsync(sponsor, CancellationToken.None);
        var retried = await app.Get<SponsorTable>().AddOrGetAsync(sponsor, CancellationToken.None);
        var other = await app.Get<SponsorTable>().AddOrGetAsync(sponsor with { CreatedBySubmission = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.False(first.Returning);
        Assert.False(retried.Returning);
        Assert.True(other.Returning);
        Assert.False(other.Differs);
    }

    [Fact]
    public void A_receipt_prints_the_pledges_data_unless_the_office_confirmed_newer_data()
    {
        var address = new Core.Funds.PostalAddress("Am Hafen 7", "55411", "Bingen am Rhein", "DE");
        var given = new SponsorDetails(SponsorType.Unternehmen, Name, address, null, Email);
        var stored = new Sponsor
        {
            FundId = "f", Id = "s", Type = SponsorType.Unternehmen, Name = Name, Address = address with { Street = "Gespeichert 1" }, Email = Email, CreatedAt = Now,
        };
        var pledge = new Pledge
        {
            FundId = "f", Reference = "MRF-P-2026-0001", SponsorId = "s", Kind = PledgeKind.Donation, Schedule = PledgeSchedule.OneOff, Instalments = [],
            Earmark = Earmark.None, PublicNameConsent = false, ReceiptPreference = ReceiptPreference.PerPayment,
            Consents = new Core.Applications.Consents("2026-01", Now, "web", false), CreatedAt = Now, GivenDetails = given,
        };

        Assert.Equal("Am Hafen 7", ReceiptDonor.For(stored, [pledge]).Address.Street);
        Assert.Equal("Gespeichert 1", ReceiptDonor.For(stored with { ConfirmedAt = Now.AddDays(1) }, [pledge]).Address.Street);
        Assert.Equal("Am Hafen 7", ReceiptDonor.For(stored with { ConfirmedAt = Now.AddDays(-1) }, [pledge]).Address.Street);
        Assert.Equal("Gespeichert 1", ReceiptDonor.For(stored, []).Address.Street);
    }

    private static Dictionary<string, object?> WithAddress(Dictionary<string, object?> pledge, string street, string postalCode, string city)
    {
        var sponsor = (Dictionary<string, object?>)pledge["sponsor"]!;
        sponsor["street"] = street;
        sponsor["postalCode"] = postalCode;
        sponsor["city"] = city;
        return pledge;
    }

    private static Task<TestResponse> AcceptAsync(TestApp app, string fundId, string id, string token) =>
        app.CallAsync<SponsorProposalAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/sponsor-proposals/{id}/accept",
            (f, r) => f.AcceptSponsorProposal(r, fundId, id, CancellationToken.None), token: token);

    private Task<List<NotificationMessage>> TakeMailsAsync(string fundId) =>
        QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

    /// <summary>Runs the fund's receipt jobs and returns the words of the newest receipt PDF.</summary>
    private async Task<string> IssueAndReadAsync(TestApp app, string fundId)
    {
        var queue = new QueueClient(shared.Azurite.ConnectionString, QueueNames.Receipts);
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(5))).Value)
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
            if (JsonSerializer.Deserialize<ReceiptJob>(text, MintFondsJson.Storage)?.FundId == fundId)
            {
                await app.Get<ReceiptFunctions>().IssueReceipt(text, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        var receipt = (await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None)).OrderBy(r => r.Number, StringComparer.Ordinal).Last();
        var pdf = (await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(receipt.BlobName).DownloadContentAsync()).Value.Content.ToArray();
        using var document = PdfDocument.Open(pdf);
        await TakeMailsAsync(fundId);
        return string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
