using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;
using static MintFonds.Functions.Tests.Privacy.PrivacyTestKit;
using PledgeKit = MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Privacy;

/// <summary>Answering data-subject requests writes no personal data into the logs, not even the address asked about.</summary>
[Collection(AppCollection.Name)]
public sealed class PrivacyLoggingTests(SharedFixture shared)
{
    private static readonly string[] PersonalData =
    [
        "Weißmüller", "weissmueller", "gs-am-rhein.example", "06721 12345", "DE02", "202051", "Förderverein GS", "Rheinstraße", "Anna Groß", "Am Hafen 7",
    ];

    [Fact]
    public async Task Export_consent_withdrawal_erasure_and_the_retention_timer_log_no_personal_data()
    {
        var logs = new CapturedLogs();
        await using var app = await TestApp.StartAsync(
            shared, settings => settings["Logging:LogLevel:Default"] = "Trace", now: Now, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var fundId = await FundWithOpenCallAsync(app);
        var reference = (await SubmitAsync(app, fundId, TestData.Application(Start))).Json.GetProperty("reference").GetString()!;
        await WithdrawAsync(app, fundId, reference, await TokenFromEmailAsync(app, fundId, reference));
        await PledgeKit.SubmitAsync(app, fundId, PledgeKit.Pledge(name: "Jürgen Weißmüller", email: ApplicantEmail));
        await PledgeKit.RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1");
        await IssueReceiptsAsync(app, fundId);
        await SendAllAsync(app, fundId);

        Assert.Equal(200, (await ExportAsync(app, fundId, ApplicantEmail)).Status);
        Assert.Equal(200, (await WithdrawConsentAsync(app, fundId, new { email = ApplicantEmail, consent = "publicName" })).Status);
        Assert.Equal(200, (await EraseAsync(app, fundId, ApplicantEmail)).Status);
        Assert.Equal(422, (await EraseAsync(app, fundId, "j.weissmueller@gs-am-rhein")).Status);
        app.Time.Advance(TimeSpan.FromDays(400));
        await app.Get<RetentionFunctions>().ApplyRetention(new TimerInfo(), CancellationToken.None);

        Assert.Contains(logs.Lines, line => line.Contains("Erasure request in fund " + fundId, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("Personal data export of fund " + fundId, StringComparison.Ordinal));
        foreach (var line in logs.Lines)
        {
            foreach (var personal in PersonalData)
            {
                Assert.False(line.Contains(personal, StringComparison.OrdinalIgnoreCase), $"Personal data '{personal}' in log line: {line}");
            }
        }
    }
}
