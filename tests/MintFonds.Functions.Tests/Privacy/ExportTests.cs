using System.Text;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;
using static MintFonds.Functions.Tests.Privacy.PrivacyTestKit;
using PledgeKit = MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Privacy;

/// <summary>The right of access: one call per fund finds everything stored about an e-mail address, and nothing else.</summary>
[Collection(AppCollection.Name)]
public sealed class ExportTests(SharedFixture shared)
{
    private const string Other = "kita-leitung@sonnenschein.example";

    [Fact]
    public async Task Export_finds_an_applicant_in_one_fund_and_a_sponsor_in_another_each_only_in_its_own_fund()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundA, fundB) = (await FundWithOpenCallAsync(app), await FundWithOpenCallAsync(app));

        // Fund A: the person applies; someone else applies too.
        var reference = (await SubmitAsync(app, fundA, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        var other = TestData.Set(TestData.Application(Start, "Kita Sonnenschein"), "contact.email", Other);
        await SubmitAsync(app, fundA, other);
        await SendAllAsync(app, fundA);

        // Fund B: the same person (address typed differently) pledges and pays; someone else pledges too.
        Assert.Equal(201, (await PledgeKit.SubmitAsync(app, fundB, PledgeKit.Pledge(name: "Jürgen Weißmüller", email: " J.Weissmueller@GS-am-Rhein.example", years: 2))).Status);
        Assert.Equal(201, (await PledgeKit.SubmitAsync(app, fundB, PledgeKit.Pledge(name: "Sonnenschein AG", email: Other))).Status);
        var payment = (await PledgeKit.RecordPaymentAsync(app, fundB, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1")).Json.GetProperty("id").GetString()!;
        await IssueReceiptsAsync(app, fundB);
        await SendAllAsync(app, fundB);

        var exportA = await ExportAsync(app, fundA, ApplicantEmail);
        var (dataA, filesA) = OpenExport(exportA);
        var application = Assert.Single(Items(dataA, "applications"));
        Assert.Equal(reference, application.GetProperty("reference").GetString());
        Assert.Equal(ApplicantEmail, application.GetProperty("contact").GetProperty("email").GetString());
        Assert.False(application.TryGetProperty("statusTokenHash", out _));
        Assert.Empty(Items(dataA, "sponsors"));
        Assert.Empty(Items(dataA, "payments"));
        var mailA = Assert.Single(filesA);
        Assert.StartsWith("files/emails/", mailA.Key, StringComparison.Ordinal);
        Assert.Contains(reference, Encoding.UTF8.GetString(mailA.Value), StringComparison.Ordinal);
        Assert.Single(Items(dataA, "emailDeliveries"));
        Assert.DoesNotContain("sonnenschein", dataA.GetRawText() + Encoding.UTF8.GetString(mailA.Value), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", exportA.Header("Content-Disposition"), StringComparison.Ordinal);

        var (dataB, filesB) = OpenExport(await ExportAsync(app, fundB, ApplicantEmail));
        Assert.Empty(Items(dataB, "applications"));
        Assert.Equal("Jürgen Weißmüller", Assert.Single(Items(dataB, "sponsors")).GetProperty("name").GetString());
        Assert.Equal("MRF-P-2026-0001", Assert.Single(Items(dataB, "pledges")).GetProperty("reference").GetString());
        Assert.Equal(payment, Assert.Single(Items(dataB, "payments")).GetProperty("id").GetString());
        Assert.Equal("2026-0001", Assert.Single(Items(dataB, "receipts")).GetProperty("number").GetString());
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(filesB["files/receipts/2026-0001.pdf"].AsSpan(0, 4)), StringComparison.Ordinal);
        // The GiroCode is drawn into the confirmation e-mail (exported as .eml); no image of it is stored.
        Assert.DoesNotContain(filesB.Keys, k => k.StartsWith("files/girocodes/", StringComparison.Ordinal));
        Assert.Equal(2, filesB.Keys.Count(k => k.StartsWith("files/emails/", StringComparison.Ordinal))); // pledge confirmation and receipt
        Assert.Equal(filesB.Count, Items(dataB, "files").Count);
        Assert.Contains(Items(dataB, "auditEntries"), e => e.GetProperty("action").GetString() == "payment.record" && e.GetProperty("target").GetString() == "payment/" + payment);
        Assert.DoesNotContain("sonnenschein", dataB.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(reference, dataB.GetRawText(), StringComparison.Ordinal);

        var audit = await app.Get<Functions.Audit.AuditLog>().ListAsync(fundB, 10, CancellationToken.None);
        var exported = Assert.Single(audit, e => e.Action == "privacy.export");
        Assert.DoesNotContain("weissmueller", exported.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("payments=1", exported.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_the_fund_does_not_know_gets_an_empty_export_and_the_call_needs_the_office()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        await SubmitAsync(app, fundId, TestData.Application(Start));
        await SendAllAsync(app, fundId);

        var (data, files) = OpenExport(await ExportAsync(app, fundId, "niemand@nirgendwo.example"));
        Assert.Empty(Items(data, "applications"));
        Assert.Empty(files);

        // The office's own mailbox is no data subject: its notices (which name applicants) are not indexed under it.
        var (office, officeFiles) = OpenExport(await ExportAsync(app, fundId, "fonds@th-bingen.example"));
        Assert.Empty(Items(office, "emailDeliveries"));
        Assert.Empty(officeFiles);

        var board = TestData.NewPrincipalId();
        Assert.Equal(200, (await Access.AdminAccessTests.Grant(app, fundId, board, "board")).Status);
        Assert.Equal(403, (await ExportAsync(app, fundId, ApplicantEmail, app.TokenFor(board))).Status);
        Assert.Equal(403, (await EraseAsync(app, fundId, ApplicantEmail, app.TokenFor(board))).Status);
        var invalid = await ExportAsync(app, fundId, "keine-adresse");
        Assert.Equal(422, invalid.Status);
        Assert.Contains("email", invalid.ProblemFields);
    }
}
