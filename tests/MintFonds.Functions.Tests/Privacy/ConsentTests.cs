using System.Text.Json;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;
using static MintFonds.Functions.Tests.Privacy.PrivacyTestKit;
using PledgeKit = MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Privacy;

/// <summary>Withdrawing an optional consent changes the stored flag everything reads, keeps the withdrawal as proof, and is audited.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsentTests(SharedFixture shared)
{
    [Fact]
    public async Task Withdrawing_consent_removes_publication_and_naming_and_keeps_the_withdrawal_as_proof()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        await PledgeKit.SubmitAsync(app, fundId, PledgeKit.Pledge(email: ApplicantEmail));
        await PledgeKit.SubmitAsync(app, fundId, PledgeKit.Pledge(email: ApplicantEmail, schedule: "oneOff", years: null));
        app.Time.Advance(TimeSpan.FromDays(3));
        var withdrawnAt = app.Time.GetUtcNow();

        var project = await WithdrawConsentAsync(app, fundId, new { email = ApplicantEmail.ToUpperInvariant(), consent = "publishProject" });
        var naming = await WithdrawConsentAsync(app, fundId, new { email = ApplicantEmail, consent = "publicName", reference = "MRF-P-2026-0002" });

        Assert.True(project.Status == 200, project.ToString());
        var change = Assert.Single(project.Json.GetProperty("records").EnumerateArray());
        Assert.Equal("application/" + reference, change.GetProperty("record").GetString());
        Assert.Equal("withdrawn", change.GetProperty("state").GetString());
        Assert.Equal("withdrawn", Assert.Single(naming.Json.GetProperty("records").EnumerateArray()).GetProperty("state").GetString());

        var (data, _) = OpenExport(await ExportAsync(app, fundId, ApplicantEmail));
        var consents = Assert.Single(Items(data, "applications")).GetProperty("consents");
        Assert.False(consents.GetProperty("publishProject").GetBoolean());
        var proof = Assert.Single(consents.GetProperty("withdrawals").EnumerateArray());
        Assert.Equal("publishProject", proof.GetProperty("consent").GetString());
        Assert.Equal(withdrawnAt, proof.GetProperty("withdrawnAt").GetDateTimeOffset());
        Assert.Equal(Now, consents.GetProperty("acknowledgedAt").GetDateTimeOffset()); // the original consent stays on record
        var pledges = Items(data, "pledges").ToDictionary(p => p.GetProperty("reference").GetString()!);
        Assert.False(pledges["MRF-P-2026-0002"].GetProperty("publicNameConsent").GetBoolean());
        Assert.Equal("publicName", Assert.Single(pledges["MRF-P-2026-0002"].GetProperty("consents").GetProperty("withdrawals").EnumerateArray()).GetProperty("consent").GetString());
        Assert.True(pledges["MRF-P-2026-0001"].GetProperty("publicNameConsent").GetBoolean()); // only the pledge named

        // Repeating it changes nothing and keeps the first withdrawal's time.
        app.Time.Advance(TimeSpan.FromHours(1));
        var again = await WithdrawConsentAsync(app, fundId, new { email = ApplicantEmail, consent = "publishProject" });
        var repeated = Assert.Single(again.Json.GetProperty("records").EnumerateArray());
        Assert.Equal("alreadyWithdrawn", repeated.GetProperty("state").GetString());
        Assert.Equal(withdrawnAt, repeated.GetProperty("withdrawnAt").GetDateTimeOffset());

        var audit = (await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None)).Where(e => e.Action == "privacy.consent.withdraw").ToList();
        Assert.Equal(["application/" + reference, "pledge/MRF-P-2026-0002"], audit.Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain("@", JsonSerializer.Serialize(e), StringComparison.Ordinal));

        Assert.Equal(404, (await WithdrawConsentAsync(app, fundId, new { email = "niemand@nirgendwo.example", consent = "publicName" })).Status);
        Assert.Equal(400, (await WithdrawConsentAsync(app, fundId, new { email = ApplicantEmail, consent = "newsletter" })).Status);
        Assert.Equal(422, (await WithdrawConsentAsync(app, fundId, new { email = ApplicantEmail, consent = "publicName", reference = reference })).Status);
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, Functions.Storage.QueueNames.Notifications, fundId);
    }
}
