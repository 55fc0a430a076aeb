using System.Text.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Notifications;

/// <summary>Every template renders in both languages with its sample data, with nothing left unfilled.</summary>
public sealed class TemplateTests
{
    private static readonly string Folder = RepoPaths.Combine("functions", "MintFonds.Functions", "Notifications", "Templates");

    public static TheoryData<string, string> TemplatesAndCultures
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var template in AllTemplateNames())
            {
                data.Add(template, "de");
                data.Add(template, "en");
            }

            return data;
        }
    }

    [Fact]
    public void There_is_a_template_for_every_name_producers_can_use()
    {
        Assert.Equal(AllTemplateNames().Order(StringComparer.Ordinal), new TemplateRenderer(Folder).Available().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TemplatesAndCultures))]
    public void Renders_with_its_sample_data_and_no_placeholder_left(string template, string culture)
    {
        var undefined = new List<string>();
        var mail = new TemplateRenderer(Folder).Render(template, culture, Model(template, culture), undefined);

        Assert.Empty(undefined);
        foreach (var part in new[] { mail.Subject, mail.Html, mail.Text })
        {
            Assert.False(string.IsNullOrWhiteSpace(part));
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", part, StringComparison.Ordinal);
            Assert.DoesNotContain("Liquid error", part, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain('\n', mail.Subject);
        Assert.Contains("MINT-Regionalfonds Mainz-Bingen", mail.Html, StringComparison.Ordinal);
        Assert.Contains("https://www.th-bingen.de/impressum/", mail.Html, StringComparison.Ordinal);
        Assert.Contains("https://www.th-bingen.de/datenschutz/", mail.Text, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", mail.Html.TrimStart(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Money_and_dates_are_written_the_way_each_language_writes_them()
    {
        var german = new TemplateRenderer(Folder).Render(NotificationTemplates.ApplicationReceived, "de", Model(NotificationTemplates.ApplicationReceived, "de"));
        var english = new TemplateRenderer(Folder).Render(NotificationTemplates.ApplicationReceived, "en", Model(NotificationTemplates.ApplicationReceived, "en"));
        var sample = Sample(NotificationTemplates.ApplicationReceived);
        var amount = sample.GetProperty("application").GetProperty("requestedAmount").GetDecimal();

        Assert.Contains(amount.ToString("#,##0.00", System.Globalization.CultureInfo.GetCultureInfo("de-DE")) + " €", german.Text, StringComparison.Ordinal);
        Assert.Contains("€" + amount.ToString("#,##0.00", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), english.Text, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Model(string template, string culture) => new(StringComparer.Ordinal)
    {
        ["fund"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = "th-bingen",
            ["name"] = "MINT-Regionalfonds Mainz-Bingen",
            ["region"] = "MINT-Region Mainz-Bingen",
            ["logoUrl"] = "https://www.th-bingen.de/logo.png",
            ["primaryColor"] = "#00508C",
            ["accentColor"] = "#A3195B",
            ["contactEmail"] = "mint-fonds@th-bingen.example",
            ["contactPhone"] = "+49 6721 409-0",
            ["website"] = "https://www.th-bingen.de/",
            ["imprintUrl"] = "https://www.th-bingen.de/impressum/",
            ["privacyUrl"] = "https://www.th-bingen.de/datenschutz/",
        },
        ["recipient"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "Jürgen Weißmüller", ["email"] = "j.w@example.org" },
        ["culture"] = culture,
        ["data"] = TemplateRenderer.FromJson(Sample(template)),
    };

    private static JsonElement Sample(string template) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, template, "sample.json"))).RootElement;

    private static IEnumerable<string> AllTemplateNames() =>
        typeof(NotificationTemplates).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
