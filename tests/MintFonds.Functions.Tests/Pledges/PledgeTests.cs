using Azure.Data.Tables;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Pledges;

[Collection(AppCollection.Name)]
public sealed class PledgeTests(SharedFixture shared)
{
    [Fact]
    public async Task A_yearly_pledge_gets_a_reference_per_instalment_payment_instructions_and_a_confirmation_job()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);

        var response = await SubmitAsync(app, fundId, Pledge());

        Assert.Equal(201, response.Status);
        Assert.Equal("MRF-P-2026-0001", response.Json.GetProperty("reference").GetString());
        var instalments = response.Json.GetProperty("instalments").EnumerateArray().ToList();
        Assert.Equal(["MRF-P-2026-0001-1", "MRF-P-2026-0001-2", "MRF-P-2026-0001-3"], instalments.Select(i => i.GetProperty("remittanceReference").GetString()));
        Assert.Equal(["2027-01-15", "2028-01-15", "2029-01-15"], instalments.Select(i => i.GetProperty("dueOn").GetString()));
        Assert.All(instalments, i => Assert.Equal(500m, i.GetProperty("amount").GetDecimal()));
        var payment = response.Json.GetProperty("payment");
        Assert.Equal("DE89370400440532013000", payment.GetProperty("iban").GetString());
        const string expectedPayload = "BCD\n002\n1\nSCT\nCOBADEFFXXX\nTechnische Hochschule Bingen\nDE89370400440532013000\nEUR500.00\n\n\nMRF-P-2026-0001-1 MINT-Regionalfonds Testregion";
        Assert.Equal(expectedPayload, payment.GetProperty("giroCodePayload").GetString());

        var message = Assert.Single(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));
        Assert.Equal(NotificationTemplates.PledgeReceived, message.Template);
        Assert.Equal("foerderung@rhm-maschinenbau.example", message.To.Single().Email);
        var code = Assert.Single(message.QrCodes);
        Assert.Equal("girocode.png", code.ContentId);
        Assert.Equal(expectedPayload, code.Payload);
        Assert.Empty(message.Attachments);
        Assert.Equal(1500m, message.Data.GetProperty("pledge").GetProperty("totalAmount").GetDecimal());
    }

    [Fact]
    public async Task A_returning_sponsor_is_recognised_by_normalised_name_and_e_mail()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);

        var first = await SubmitAsync(app, fundId, Pledge(name: "Müller & Söhne GmbH", email: "Info@Mueller-Soehne.example"));
        var moved = TestData.Set(Pledge(name: "mueller und soehne gmbh", email: "info@mueller-soehne.example", schedule: "oneOff", years: null, amount: 250m), "sponsor.street", "Neue Straße 1");
        var again = await SubmitAsync(app, fundId, moved);

        // The public answer does not say whether the sponsor was known: a name and an address must not reveal a sponsorship.
        Assert.False(again.Json.TryGetProperty("returningSponsor", out _));
        Assert.Equal(201, first.Status);
        Assert.Equal("MRF-P-2026-0002", again.Json.GetProperty("reference").GetString());
        var sponsors = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(TableNames.Sponsors).QueryAsync<TableEntity>(e => e.PartitionKey == fundId))
        {
            if (!row.RowKey.StartsWith(Functions.Privacy.PersonRows.Prefix, StringComparison.Ordinal))
            {
                sponsors.Add(row); // Beside each sponsor: its person index row (data-subject requests).
            }
        }

        // One sponsor, unchanged: the new address waits as a proposal for the office (see Security/SponsorDataTests).
        var sponsor = Assert.Single(sponsors);
        Assert.DoesNotContain("Neue Straße 1", sponsor.GetString("Json"), StringComparison.Ordinal);
        var proposal = Assert.Single(await app.Get<Functions.Pledges.SponsorProposalService>().ListAsync(fundId, CancellationToken.None));
        Assert.Equal(sponsor.RowKey, proposal.SponsorId);
        Assert.Equal("Neue Straße 1", proposal.Proposed.Address.Street);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_retried_pledge_with_the_same_key_returns_the_first_answer()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SubmitAsync(app, fundId, Pledge(), key)));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        Assert.Single(responses.Select(r => r.Json.GetProperty("reference").GetString()).Distinct());
        Assert.Single(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));
    }

    public static TheoryData<string, object?, string> Violations => new()
    {
        { "amount", 0.50m, "amount" },
        { "years", 12, "years" },
        { "kind", null, "kind" },
        { "sponsor.email", "keine-adresse", "sponsor.email" },
        { "earmark.districts", new[] { "Frankfurt am Main" }, "earmark.districts[0]" },
        { "privacyNoticeAccepted", false, "privacyNoticeAccepted" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_bad_pledge_names_the_field_and_writes_nothing(string path, object? value, string field)
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);

        var response = await SubmitAsync(app, fundId, TestData.Set(Pledge(), path, value));

        Assert.Equal(422, response.Status);
        Assert.Equal([field], response.ProblemFields);
        await foreach (var row in app.Storage.Table(TableNames.Pledges).QueryAsync<TableEntity>(e => e.PartitionKey == fundId))
        {
            Assert.Fail($"Nothing may be written, found {row.RowKey}.");
        }
    }

    [Fact]
    public async Task Sponsoring_cannot_ask_for_a_collective_donation_receipt()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);

        var response = await SubmitAsync(app, fundId, Pledge(kind: "sponsoring", receiptPreference: "collectiveYearly"));

        Assert.Equal(422, response.Status);
        Assert.Equal(["receiptPreference"], response.ProblemFields);
    }

    [Fact]
    public async Task The_confirmation_e_mail_shows_the_GiroCode_inline_and_every_instalment()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge());
        var message = Assert.Single(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));

        await app.Get<Functions.Notifications.NotificationFunctions>().SendNotification(
            System.Text.Json.JsonSerializer.Serialize(message, Core.Json.MintFondsJson.Storage), CancellationToken.None);

        var eml = await Notifications.SendNotificationTests.OutboxMail(app, fundId, NotificationTemplates.PledgeReceived);
        Assert.Contains("cid:girocode.png", eml.HtmlBody, StringComparison.Ordinal);
        var image = Assert.Single(eml.BodyParts.OfType<MimeKit.MimePart>(), p => p.ContentId == "girocode.png");
        Assert.Equal("image/png", image.ContentType.MimeType);

        // The image drawn for the e-mail decodes to the exact payment data (EPC069-12 v002, error correction M).
        using var png = new MemoryStream();
        await image.Content!.DecodeToAsync(png);
        var scan = QrDecoder.Scan(png.ToArray());
        Assert.Equal(message.QrCodes.Single().Payload, scan.Text);
        Assert.StartsWith("BCD\n002\n1\nSCT\n", scan.Text, StringComparison.Ordinal);
        Assert.Equal("M", scan.ErrorCorrectionLevel);

        // Nothing was stored for it: no image can outlive its pledge.
        await foreach (var blob in app.Storage.Container(BlobContainerNames.Attachments).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, fundId + "/", CancellationToken.None))
        {
            Assert.Fail($"Unexpected blob {blob.Name}");
        }
        foreach (var reference in new[] { "MRF-P-2026-0001-1", "MRF-P-2026-0001-2", "MRF-P-2026-0001-3" })
        {
            Assert.Contains(reference, eml.TextBody, StringComparison.Ordinal);
        }

        Assert.Contains("DE89 3704 0044 0532 0130 00".Replace(" ", string.Empty, StringComparison.Ordinal), eml.TextBody!.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
