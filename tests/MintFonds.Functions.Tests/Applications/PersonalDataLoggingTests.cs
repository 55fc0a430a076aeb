using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Applications;

/// <summary>Names, e-mail addresses, phone numbers and IBANs never reach the logs, on success or on refusal.</summary>
[Collection(AppCollection.Name)]
public sealed class PersonalDataLoggingTests(SharedFixture shared)
{
    private static readonly string[] PersonalData =
    [
        "Weißmüller", "weissmueller", "gs-am-rhein.example", "06721 12345", "DE02", "202051", "Förderverein GS", "Rheinstraße",
    ];

    [Fact]
    public async Task Submitting_checking_and_withdrawing_an_application_logs_no_personal_data()
    {
        var logs = new CapturedLogs();
        await using var app = await TestApp.StartAsync(
            shared,
            settings => settings["Logging:LogLevel:Default"] = "Trace",
            now: Now,
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var fundId = await FundWithOpenCallAsync(app);

        var accepted = await SubmitAsync(app, fundId, TestData.Application(Start));
        var reference = accepted.Json.GetProperty("reference").GetString()!;
        var token = await TokenFromEmailAsync(app, fundId, reference);
        await SubmitAsync(app, fundId, TestData.Set(TestData.Application(Start), "bankAccount.iban", "DE02 1203 0000 0000 2020 99"));
        await SubmitAsync(app, fundId, TestData.Application(Start), idempotencyKey: "k1");
        await SubmitAsync(app, fundId, TestData.Set(TestData.Application(Start), "project.title", "anders"), idempotencyKey: "k1");
        await StatusAsync(app, fundId, reference, token);
        await WithdrawAsync(app, fundId, reference, token);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

        Assert.Contains(logs.Lines, line => line.Contains(reference, StringComparison.Ordinal));
        foreach (var line in logs.Lines)
        {
            foreach (var personal in PersonalData)
            {
                Assert.False(line.Contains(personal, StringComparison.OrdinalIgnoreCase), $"Personal data '{personal}' in log line: {line}");
            }

            Assert.DoesNotContain(token, line, StringComparison.Ordinal);
        }
    }
}
