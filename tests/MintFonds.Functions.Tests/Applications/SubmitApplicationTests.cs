using System.Text.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Applications;

[Collection(AppCollection.Name)]
public sealed class SubmitApplicationTests(SharedFixture shared)
{
    [Fact]
    public async Task An_accepted_application_gets_a_reference_a_status_token_and_two_e_mail_jobs()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);

        var response = await SubmitAsync(app, fundId, TestData.Application(Start));

        Assert.Equal(201, response.Status);
        var reference = response.Json.GetProperty("reference").GetString();
        Assert.Equal("MRF-2026-0001", reference);
        Assert.Equal("submitted", response.Json.GetProperty("status").GetString());
        Assert.False(response.Json.TryGetProperty("statusToken", out _), "The token goes only to the applicant's e-mail.");
        Assert.Contains("E-Mail", response.Json.GetProperty("statusLinkNote").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/api/funds/{fundId}/applications/{reference}/status", response.Header("Location"));

        var rows = await RowsAsync(app, fundId);
        var stored = rows.Single(r => r.RowKey == "app-" + reference);
        Assert.Equal("Submitted", stored.GetString("Status"));
        Assert.DoesNotContain(rows, r => r.RowKey.StartsWith("outbox-", StringComparison.Ordinal));

        var messages = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(
            new[] { NotificationTemplates.ApplicationNewForOffice, NotificationTemplates.ApplicationReceived },
            messages.Select(m => m.Template).Order(StringComparer.Ordinal));
        var toApplicant = messages.Single(m => m.Template == NotificationTemplates.ApplicationReceived);
        Assert.Equal(NotificationMessage.CurrentSchemaVersion, toApplicant.SchemaVersion);
        Assert.Equal($"application-received:{fundId}:{reference}", toApplicant.MessageKey);
        Assert.Equal(reference, toApplicant.StatusLinkFor);
        await app.Get<MintFonds.Functions.Notifications.NotificationFunctions>().SendNotification(
            System.Text.Json.JsonSerializer.Serialize(toApplicant, Core.Json.MintFondsJson.Storage), CancellationToken.None);
        var token = Assert.Single(await TokensInOutboxAsync(app, fundId, reference!));
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 32);
        var storedNow = (await RowsAsync(app, fundId)).Single(r => r.RowKey == "app-" + reference);
        Assert.DoesNotContain(token, storedNow.GetString("Json"), StringComparison.Ordinal);
        Assert.Equal(Functions.Applications.StatusToken.Hash(token), storedNow.GetString("StatusTokenHash"));
        Assert.Equal("j.weissmueller@gs-am-rhein.example", toApplicant.To.Single().Email);
        Assert.Equal("Forscherkiste „Wasser & Strom“ 🔬", toApplicant.Data.GetProperty("application").GetProperty("projectTitle").GetString());
        Assert.Equal(300m, toApplicant.Data.GetProperty("application").GetProperty("requestedAmount").GetDecimal());
        Assert.Equal("fonds@th-bingen.example", messages.Single(m => m.Template == NotificationTemplates.ApplicationNewForOffice).To.Single().Email);
    }

    [Fact]
    public async Task The_stored_application_keeps_every_field_exactly_and_the_consent_is_provable()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var application = TestData.Application(Start);
        TestData.Set(application, "institution.name", "Gymnasium an der Nahe\u0308"); // decomposed umlaut

        var response = await SubmitAsync(app, fundId, application);
        var reference = response.Json.GetProperty("reference").GetString();
        var stored = JsonDocument.Parse((await RowsAsync(app, fundId)).Single(r => r.RowKey == "app-" + reference).GetString("Json")).RootElement;

        Assert.Equal("Gymnasium an der Nahë", stored.GetProperty("institution").GetProperty("name").GetString());
        Assert.Equal("Jürgen Weißmüller-O'Neill", stored.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal("Forscherkiste „Wasser & Strom“ 🔬", stored.GetProperty("project").GetProperty("title").GetString());
        Assert.Equal(350m, stored.GetProperty("budget").GetProperty("total").GetDecimal());
        Assert.Equal("DE02120300000000202051", stored.GetProperty("bankAccount").GetProperty("iban").GetString());
        var consents = stored.GetProperty("consents");
        Assert.Equal("2026-01", consents.GetProperty("privacyNoticeVersion").GetString());
        Assert.Equal("webform", consents.GetProperty("channel").GetString());
        Assert.Equal(Now, consents.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.True(consents.GetProperty("publishProject").GetBoolean());
    }

    [Fact]
    public async Task Fifty_concurrent_submissions_get_fifty_distinct_references_without_a_gap()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);

        var responses = await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
            SubmitAsync(app, fundId, TestData.Application(Start, institution: $"Schule Nummer {i}"))));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        var references = responses.Select(r => r.Json.GetProperty("reference").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"MRF-2026-{i:D4}"), references);
        var messages = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(100, messages.Count);
    }

    [Fact]
    public async Task References_count_per_fund_and_year()
    {
        await using var app = await TestApp.StartAsync(shared, now: new DateTimeOffset(2026, 12, 31, 22, 30, 0, TimeSpan.Zero));
        var fundId = await FundWithOpenCallAsync(app, call => call["rules"] = new Dictionary<string, object?> { ["minLeadTimeDays"] = 0 });

        var december = await SubmitAsync(app, fundId, TestData.Application(new DateOnly(2027, 2, 1), "Schule A"));
        app.Time.Advance(TimeSpan.FromHours(1)); // 00:30 on 1 January 2027 in Bingen
        var january = await SubmitAsync(app, fundId, TestData.Application(new DateOnly(2027, 2, 1), "Schule B"));
        var otherFund = await FundWithOpenCallAsync(app, call => call["rules"] = new Dictionary<string, object?> { ["minLeadTimeDays"] = 0 });
        var other = await SubmitAsync(app, otherFund, TestData.Application(new DateOnly(2027, 2, 1), "Schule C"));

        Assert.Equal("MRF-2026-0001", december.Json.GetProperty("reference").GetString());
        Assert.Equal("MRF-2027-0001", january.Json.GetProperty("reference").GetString());
        Assert.Equal("MRF-2027-0001", other.Json.GetProperty("reference").GetString());
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, otherFund);
    }

    [Fact]
    public async Task The_yearly_cap_counts_an_institution_however_its_name_is_spelled()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);

        var spellings = new[] { "Grundschule Am Rhein", "grundschule am rhein", "GRUNDSCHULE AM RHEIN e.V.", "Grundschule  Am  Rhein!" };
        var responses = new List<TestResponse>();
        foreach (var spelling in spellings)
        {
            responses.Add(await SubmitAsync(app, fundId, TestData.Application(Start, spelling)));
        }

        Assert.Equal([201, 201, 201, 422], responses.Select(r => r.Status));
        Assert.Equal(["institution.name"], responses[3].ProblemFields);
        Assert.Contains("3", responses[3].Json.GetProperty("errors").GetProperty("institution.name")[0].GetString(), StringComparison.Ordinal);

        // The same name in another town is another school.
        var elsewhere = TestData.Set(TestData.Application(Start, "Grundschule Am Rhein"), "institution.postalCode", "55218");
        Assert.Equal(201, (await SubmitAsync(app, fundId, elsewhere)).Status);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_institution_never_exceed_the_cap()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
        {
            var application = TestData.Set(TestData.Application(Start), "project.title", $"Projekt {i}");
            return SubmitAsync(app, fundId, application);
        }));

        Assert.Equal(3, responses.Count(r => r.Status == 201));
        Assert.Equal(5, responses.Count(r => r.Status == 422));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }
}
