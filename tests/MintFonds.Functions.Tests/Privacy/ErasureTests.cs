using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using MintFonds.Core.Notifications;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;
using static MintFonds.Functions.Tests.Privacy.PrivacyTestKit;
using PledgeKit = MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Privacy;

/// <summary>The right to erasure, limited by the retention duties: erase or anonymise what no duty keeps, restrict the rest.</summary>
[Collection(AppCollection.Name)]
public sealed class ErasureTests(SharedFixture shared)
{
    private const string SponsorName = "Jürgen Weißmüller";

    [Fact]
    public async Task Erasure_anonymises_an_undecided_application_erases_an_unpaid_pledge_and_only_restricts_a_paid_donation_with_its_receipt()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        var token = await TokenFromEmailAsync(app, fundId, reference);
        await PledgeKit.SubmitAsync(app, fundId, PledgeKit.Pledge(name: SponsorName, email: ApplicantEmail, years: 2));
        var moved = TestData.Set(PledgeKit.Pledge(name: SponsorName, email: ApplicantEmail, schedule: "oneOff", years: null), "sponsor.street", "Neue Straße 1");
        await PledgeKit.SubmitAsync(app, fundId, moved); // unpaid, and a change proposal for the office
        var payment = (await PledgeKit.RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1")).Json.GetProperty("id").GetString()!;
        await IssueReceiptsAsync(app, fundId);
        await SendAllAsync(app, fundId);
        var sponsorId = SponsorKey.IdFor(SponsorName, ApplicantEmail);

        var erased = await EraseAsync(app, fundId, ApplicantEmail);

        Assert.True(erased.Status == 200, erased.ToString());
        var actions = erased.Json.GetProperty("actions").EnumerateArray().ToDictionary(a => a.GetProperty("record").GetString()!, a => a);
        Assert.Equal("anonymised", actions["application/" + reference].GetProperty("action").GetString());
        Assert.Equal("erased", actions["pledge/MRF-P-2026-0002"].GetProperty("action").GetString());
        Assert.Equal("erased", Assert.Single(actions, a => a.Key.StartsWith("proposal/", StringComparison.Ordinal)).Value.GetProperty("action").GetString());
        Assert.Equal("erased", actions["email-copies"].GetProperty("action").GetString());
        foreach (var kept in new[] { "payment/" + payment, "receipt/2026-0001", "pledge/MRF-P-2026-0001", "sponsor/" + sponsorId })
        {
            Assert.Equal("restricted", actions[kept].GetProperty("action").GetString());
            Assert.Equal("2034-12-31", actions[kept].GetProperty("retainUntil").GetString()); // 8 years from the end of 2026
        }

        Assert.Contains("Buchungsbeleg", actions["payment/" + payment].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, erased.Json.GetProperty("erased").GetInt32());
        Assert.Equal(1, erased.Json.GetProperty("anonymised").GetInt32());
        Assert.Equal(4, erased.Json.GetProperty("restricted").GetInt32());

        // The application keeps its anonymous figures; the person, the status link and the index row are gone.
        var rows = await RowsAsync(app, fundId);
        var stored = JsonDocument.Parse(rows.Single(r => r.RowKey == "app-" + reference).GetString("Json")).RootElement;
        Assert.Equal("withdrawn", stored.GetProperty("status").GetString());
        Assert.Equal("(anonymisiert)", stored.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("(anonymisiert)", stored.GetProperty("bankAccount").GetProperty("iban").GetString());
        Assert.Equal("grundschule", stored.GetProperty("institution").GetProperty("type").GetString());
        Assert.Equal("Landkreis Mainz-Bingen", stored.GetProperty("institution").GetProperty("district").GetString());
        Assert.Equal(300m, stored.GetProperty("budget").GetProperty("requestedAmount").GetDecimal());
        Assert.Equal("primarstufe", stored.GetProperty("project").GetProperty("educationStages")[0].GetString());
        var all = string.Join("\n", rows.SelectMany(r => r.Select(kv => kv.Value?.ToString())));
        Assert.DoesNotContain("weissmueller", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DE02", all, StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.RowKey.StartsWith("tok-", StringComparison.Ordinal) || r.RowKey.StartsWith("person-", StringComparison.Ordinal));
        Assert.Equal(404, (await StatusAsync(app, fundId, reference, token)).Status);
        Assert.Empty(await TokensInOutboxAsync(app, fundId, reference));

        // The unpaid pledge is gone with its lookup rows and GiroCode image; the paid one is kept.
        var pledges = await PartitionAsync(app, TableNames.Pledges, fundId);
        Assert.DoesNotContain(pledges, r => r.RowKey.Contains("MRF-P-2026-0002", StringComparison.Ordinal) || r.RowKey.StartsWith("proposal-", StringComparison.Ordinal));
        Assert.Contains(pledges, r => r.RowKey == "pledge-MRF-P-2026-0001");
        Assert.Empty(await BlobsAsync(app, BlobContainerNames.Attachments, $"{fundId}/pledges/MRF-P-2026-0002/"));

        // The receipt's copy is kept, but it is no longer sent; a later instalment gets its receipt without an e-mail.
        var receipt = Assert.Single(await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
        Assert.Equal(new DateOnly(2034, 12, 31), receipt.Restriction!.RetainUntil);
        Assert.Single(await BlobsAsync(app, BlobContainerNames.Receipts, receipt.BlobName));
        var resend = await app.CallAsync<ReceiptAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/receipts/2026-0001/resend", (f, r) => f.ResendReceipt(r, fundId, "2026-0001", CancellationToken.None), token: app.PlatformAdminToken);
        Assert.Equal(409, resend.Status);
        await PledgeKit.RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-2");
        await IssueReceiptsAsync(app, fundId);
        Assert.Equal(2, (await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None)).Count);
        Assert.DoesNotContain(
            await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId), m => m.Template == NotificationTemplates.PaymentReceived);

        // The sponsor waits for the end of its longest duty, found then by a due row and not by reading the fund.
        Assert.Contains(await PartitionAsync(app, TableNames.Sponsors, fundId), r => r.RowKey == $"due-20350101-{sponsorId}");

        // What is left is what the duty keeps, each record saying so; the audit trail names ids only.
        var (data, files) = OpenExport(await ExportAsync(app, fundId, ApplicantEmail));
        Assert.Empty(Items(data, "applications"));
        Assert.Empty(Items(data, "sponsorProposals"));
        Assert.Equal("2034-12-31", Assert.Single(Items(data, "sponsors")).GetProperty("restriction").GetProperty("retainUntil").GetString());
        Assert.Single(Items(data, "pledges"));
        Assert.DoesNotContain(files.Keys, k => k.StartsWith("files/emails/", StringComparison.Ordinal));
        var audit = await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None);
        Assert.Equal(actions.Count, audit.Count(e => e.Action == "privacy.erase"));
        Assert.All(audit, e => Assert.DoesNotContain("weissmueller", JsonSerializer.Serialize(e), StringComparison.OrdinalIgnoreCase));

        // Asking again finishes nothing new: the kept records are reported as kept.
        var again = await EraseAsync(app, fundId, ApplicantEmail);
        Assert.Equal(0, again.Json.GetProperty("erased").GetInt32() + again.Json.GetProperty("anonymised").GetInt32());
        Assert.Equal(6, again.Json.GetProperty("restricted").GetInt32()); // now two payments and two receipts
    }

    [Fact]
    public async Task An_approved_application_is_restricted_not_anonymised()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        await Functions.Privacy.ApplicationChanges.ApplyAsync(
            app.Storage.Table(TableNames.Applications), fundId, reference,
            a => a with
            {
                Status = Core.Applications.ApplicationStatus.Approved,
                Decision = new(Core.Applications.ApplicationStatus.Approved, Core.Money.Euro.FromDecimal(300m), Now.AddDays(10), null, null),
            },
            CancellationToken.None);

        var erased = await EraseAsync(app, fundId, ApplicantEmail);

        var action = Assert.Single(erased.Json.GetProperty("actions").EnumerateArray(), a => a.GetProperty("record").GetString() == "application/" + reference);
        Assert.Equal("restricted", action.GetProperty("action").GetString());
        Assert.Equal("2034-12-31", action.GetProperty("retainUntil").GetString());
        var (data, _) = OpenExport(await ExportAsync(app, fundId, ApplicantEmail));
        Assert.Equal(ApplicantEmail, Assert.Single(Items(data, "applications")).GetProperty("contact").GetProperty("email").GetString());
        Assert.Contains(await RowsAsync(app, fundId), r => r.RowKey == "due-20350101-" + reference);

        // When the duty ends, the timer anonymises it like any other.
        app.Time.SetUtcNow(new DateTimeOffset(2035, 1, 1, 2, 0, 0, TimeSpan.Zero));
        await app.Get<Functions.Privacy.RetentionFunctions>().ApplyRetention(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        var stored = Functions.Applications.ApplicationRows.ReadApplication((await RowsAsync(app, fundId)).Single(r => r.RowKey == "app-" + reference));
        Assert.Equal(Core.Applications.ApplicationStatus.Approved, stored.Status);
        Assert.Equal(Functions.Privacy.ApplicationAnonymiser.Placeholder, stored.Contact.Email);
        Assert.Null(stored.Restriction);
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
    }

    internal static async Task<List<TableEntity>> PartitionAsync(TestApp app, string table, string partitionKey)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(table).QueryAsync<TableEntity>(e => e.PartitionKey == partitionKey))
        {
            rows.Add(row);
        }

        return rows;
    }

    internal static async Task<List<string>> BlobsAsync(TestApp app, string container, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in app.Storage.Container(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
