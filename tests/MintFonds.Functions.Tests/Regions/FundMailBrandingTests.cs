using System.Text.Json;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Notifications.NotificationTestKit;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// Each fund's e-mails carry its own look in the HTML part (the layout's heading, rules, links and buttons in its
/// primary colour; its logo: the uploaded one under this app's address, else its <c>contact.logoUrl</c>), sent through
/// the real SendGrid client against a fake SendGrid API; the text part stays as it was.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FundMailBrandingTests(SharedFixture shared)
{
    [Fact]
    public async Task Two_funds_emails_each_carry_their_own_colour_and_logo_and_none_of_the_others()
    {
        using var sendGrid = FakeSendGrid();
        await using var app = await TestApp.StartAsync(shared, settings =>
        {
            UseSendGrid(sendGrid)(settings);
            LogoKit.UseFormsBase(settings);
        });
        var bingenFund = TestData.Fund(TestData.NewFundId());
        bingenFund["branding"] = new Dictionary<string, object?> { ["primaryColor"] = "#1A5276", ["accentColor"] = "#7B241C" };
        var bingen = await CallTests.NewFund(app, bingenFund);
        var upload = await LogoKit.UploadAsync(app, bingen, LogoKit.Png());
        var bingenLogo = upload.Json.GetProperty("logoUrl").GetString()!;
        var rheinhessenFund = TestData.Fund(TestData.NewFundId());
        rheinhessenFund["branding"] = new Dictionary<string, object?> { ["primaryColor"] = "#7B241C", ["accentColor"] = "#1A5276" };
        ((Dictionary<string, object?>)rheinhessenFund["contact"]!)["logoUrl"] = "https://www.hs-worms.example/logo.png";
        var rheinhessen = await CallTests.NewFund(app, rheinhessenFund);
        var plain = await CallTests.NewFund(app);

        var toBingen = Message(bingen);
        var toRheinhessen = Message(rheinhessen);
        var toPlain = Message(plain);
        foreach (var message in new[] { toBingen, toRheinhessen, toPlain })
        {
            await app.Get<NotificationFunctions>().SendNotification(Text(message), CancellationToken.None);
        }

        var (bingenText, bingenHtml) = Parts(sendGrid, toBingen.MessageKey);
        var (rheinhessenText, rheinhessenHtml) = Parts(sendGrid, toRheinhessen.MessageKey);
        var (plainText, plainHtml) = Parts(sendGrid, toPlain.MessageKey);

        Assert.StartsWith($"https://func-mintfonds.example/api/funds/{bingen}/logo?v=", bingenLogo, StringComparison.Ordinal);
        Assert.Contains($"src=\"{bingenLogo}\"", bingenHtml, StringComparison.Ordinal);
        Assert.Contains("color:#1A5276", bingenHtml, StringComparison.Ordinal);
        Assert.Contains("border-bottom:3px solid #1A5276", bingenHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("#7B241C", bingenHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("hs-worms", bingenHtml, StringComparison.Ordinal);

        Assert.Contains("src=\"https://www.hs-worms.example/logo.png\"", rheinhessenHtml, StringComparison.Ordinal);
        Assert.Contains("color:#7B241C", rheinhessenHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("#1A5276", rheinhessenHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(bingen, rheinhessenHtml, StringComparison.Ordinal);

        // A fund without its own look: the default colour, no logo; the old fixed colour is gone everywhere.
        Assert.Contains("color:#00508C", plainHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", plainHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("#0b5394", bingenHtml + rheinhessenHtml + plainHtml, StringComparison.OrdinalIgnoreCase);

        // The text part is the same for every look (it has none).
        Assert.Equal(plainText, bingenText.Replace(bingen, plain, StringComparison.Ordinal));
        Assert.Equal(plainText, rheinhessenText.Replace(rheinhessen, plain, StringComparison.Ordinal));
        Assert.DoesNotContain("logo", bingenText, StringComparison.OrdinalIgnoreCase);
    }

    private static (string Text, string Html) Parts(WireMock.Server.WireMockServer sendGrid, string messageKey)
    {
        var body = sendGrid.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement)
            .Single(root => (root.TryGetProperty("custom_args", out var args) ? args : root.GetProperty("personalizations")[0].GetProperty("custom_args"))
                .GetProperty("idempotency_key").GetString() == messageKey);
        var content = body.GetProperty("content").EnumerateArray().ToList();
        return (content[0].GetProperty("value").GetString()!, content[1].GetProperty("value").GetString()!);
    }
}
