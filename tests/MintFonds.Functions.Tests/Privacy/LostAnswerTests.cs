using Azure.Core.Pipeline;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;
using static MintFonds.Functions.Tests.Privacy.PrivacyTestKit;
using PledgeKit = MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Privacy;

/// <summary>
/// A write can succeed while its answer is lost; the SDK's retry then meets our own write (409, 412, 404). Erasure and
/// consent withdrawal recognise their own writes and report what really happened.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LostAnswerTests(SharedFixture shared)
{
    [Fact]
    public async Task Erasure_and_consent_withdrawal_are_complete_and_truthful_when_every_write_loses_its_first_answer()
    {
        var lost = new LostAnswers();
        await using var app = await TestApp.StartAsync(
            shared,
            settings => settings["Storage:DelayMilliseconds"] = "5",
            now: Now,
            services: s => s.AddSingleton<HttpPipelinePolicy>(lost));
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        await PledgeKit.SubmitAsync(app, fundId, PledgeKit.Pledge(email: ApplicantEmail, years: 2));
        await PledgeKit.SubmitAsync(app, fundId, PledgeKit.Pledge(email: ApplicantEmail, schedule: "oneOff", years: null));
        await PledgeKit.RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1");
        await IssueReceiptsAsync(app, fundId);
        await SendAllAsync(app, fundId);

        lost.Armed = true;
        var consent = await WithdrawConsentAsync(app, fundId, new { email = ApplicantEmail, consent = "publicName" });
        var erased = await EraseAsync(app, fundId, ApplicantEmail);
        lost.Armed = false;

        Assert.True(lost.Lost > 20, $"only {lost.Lost} answers lost");
        Assert.True(consent.Status == 200, consent.ToString());
        Assert.All(consent.Json.GetProperty("records").EnumerateArray(), r => Assert.Equal("withdrawn", r.GetProperty("state").GetString()));
        Assert.True(erased.Status == 200, erased.ToString());
        var actions = erased.Json.GetProperty("actions").EnumerateArray().ToDictionary(a => a.GetProperty("record").GetString()!, a => a.GetProperty("action").GetString());
        Assert.Equal("anonymised", actions["application/" + reference]);
        Assert.Equal("erased", actions["pledge/MRF-P-2026-0002"]);
        Assert.Equal("restricted", actions["pledge/MRF-P-2026-0001"]);
        Assert.Equal("restricted", actions["receipt/2026-0001"]);
        Assert.Equal("restricted", actions["sponsor/" + SponsorKey.IdFor("Rheinhessische Maschinenbau GmbH", ApplicantEmail)]);
        Assert.Equal("erased", actions["email-copies"]);
        Assert.Contains("4 E-Mail-Kopie(n)", erased.Body, StringComparison.Ordinal); // application, two pledges, the receipt

        var (data, files) = OpenExport(await ExportAsync(app, fundId, ApplicantEmail));
        Assert.Empty(Items(data, "applications"));
        Assert.All(Items(data, "payments"), p => Assert.Equal("2034-12-31", p.GetProperty("restriction").GetProperty("retainUntil").GetString()));
        Assert.DoesNotContain(files.Keys, k => k.StartsWith("files/emails/", StringComparison.Ordinal));
        var audit = await app.Get<Functions.Audit.AuditLog>().ListAsync(fundId, 100, CancellationToken.None);
        Assert.Equal(actions.Count, audit.Count(e => e.Action == "privacy.erase")); // each once, though every insert was retried
        Assert.Equal(2, audit.Count(e => e.Action == "privacy.consent.withdraw"));
        Assert.DoesNotContain("weissmueller", JsonSerializer.Serialize(audit), StringComparison.OrdinalIgnoreCase);
    }
}
