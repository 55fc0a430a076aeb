using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MintFonds.Functions.Tests.Notifications;

/// <summary>A fake SendGrid API over real HTTP, and messages as producers write them.</summary>
public static class NotificationTestKit
{
    public const string ApiKey = "SG.test-key-not-secret";
    public const string SendPath = "/v3/mail/send";

    /// <summary>Answers the n-th send with statuses[n] (the last one repeats); 202 when none is given.</summary>
    public static WireMockServer FakeSendGrid(params int[] statuses)
    {
        var answers = statuses.Length == 0 ? [202] : statuses;
        var calls = 0;
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath(SendPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                var status = answers[Math.Min(Interlocked.Increment(ref calls) - 1, answers.Length - 1)];
                return new WireMock.ResponseMessage
                {
                    StatusCode = status,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["X-Message-Id"] = new("sg-" + Guid.NewGuid().ToString("N")[..8]) },
                    BodyData = new WireMock.Util.BodyData { BodyAsString = Body(status), DetectedBodyType = WireMock.Types.BodyType.String },
                };
            }));
        return server;
    }

    public static Action<Dictionary<string, string?>> UseSendGrid(WireMockServer server) => settings =>
    {
        settings["SendGrid:ApiKey"] = ApiKey;
        settings["SendGrid:Host"] = server.Url;
    };

    public static int SendCalls(WireMockServer server) => server.LogEntries.Count(e => e.RequestMessage.Path == SendPath);

    public static async Task<string> FundAsync(TestApp app)
    {
        var fundId = await CallTests.NewFund(app);
        return fundId;
    }

    public static NotificationMessage Message(string fundId, string title = "Forscherkiste „Wasser & Strom“", string to = "lehrkraft@gs-am-rhein.example", IReadOnlyList<BlobAttachment>? attachments = null, string culture = "de") => new()
    {
        MessageKey = $"application-received:{fundId}:MRF-2026-{Random.Shared.Next(1, 9999):D4}-{Guid.NewGuid():N}",
        Template = NotificationTemplates.ApplicationReceived,
        Culture = culture,
        FundId = fundId,
        To = [new MailRecipient(to, "Jürgen Weißmüller")],
        Data = JsonSerializer.SerializeToElement(
            new
            {
                fund = new { id = fundId, name = "MINT-Regionalfonds Testregion", contactEmail = "fonds@th-bingen.example", contactPhone = "+49 6721 409-0" },
                call = new { id = "laufend", title = "Laufende Förderung" },
                application = new
                {
                    reference = "MRF-2026-0042",
                    submittedAt = "2026-11-26T09:00:00+00:00",
                    institution = "Grundschule Am Rhein",
                    contactName = "Jürgen Weißmüller",
                    projectTitle = title,
                    startDate = "2027-01-15",
                    endDate = "2027-04-15",
                    requestedAmount = 300.00m,
                    totalCost = 350.00m,
                    statusLink = "https://mint.example/status#x/MRF-2026-0042/token",
                },
            },
            MintFondsJson.Storage),
        Attachments = attachments ?? [],
    };

    public static string Text(NotificationMessage message) => JsonSerializer.Serialize(message, MintFondsJson.Storage);

    private static string Body(int status) => status is >= 200 and < 300
        ? string.Empty
        : """{"errors":[{"message":"The to.email field is invalid.","field":"personalizations.0.to.0.email"}]}""";
}
