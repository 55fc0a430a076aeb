using System.Globalization;
using Microsoft.Playwright;
using MintFonds.Core.Time;

namespace MintFonds.Functions.Tests.Browser;

/// <summary>Fills the forms as a person would: by typing into labelled fields, found by their label text.</summary>
public static class FormDriver
{
    /// <summary>A project start that respects the 28-day lead time from today (Berlin), as the form's rules say.</summary>
    public static DateOnly Start => BerlinTime.Today(TimeProvider.System).AddDays(40);

    /// <summary>Fills the application form of the test fund; typed key by key when <paramref name="typing"/>.</summary>
    public static async Task FillApplicationAsync(IPage page, bool typing = true, string iban = "DE02 1203 0000 0000 2020 51", bool consent = true)
    {
        async Task Put(string label, string text)
        {
            var field = page.GetByLabel(label, new() { Exact = true });
            if (typing)
            {
                await field.ClickAsync();
                await field.PressSequentiallyAsync(text);
            }
            else
            {
                await field.FillAsync(text);
            }
        }

        await Put("Name der Einrichtung (Pflichtfeld)", "Grundschule Am Rhein");
        await page.GetByLabel("Art der Einrichtung (Pflichtfeld)", new() { Exact = true }).SelectOptionAsync("grundschule");
        await Put("Straße und Hausnummer (Pflichtfeld)", "Rheinstraße 12");
        await Put("Postleitzahl (Pflichtfeld)", "55411");
        await Put("Ort (Pflichtfeld)", "Bingen am Rhein");
        await page.GetByLabel("Landkreis / kreisfreie Stadt (Pflichtfeld)", new() { Exact = true }).SelectOptionAsync("Landkreis Mainz-Bingen");
        await Put("Name (Pflichtfeld)", "Jürgen Weißmüller-O'Neill");
        await Put("Funktion (z. B. Lehrkraft Physik, Kita-Leitung) (Pflichtfeld)", "Lehrkraft Sachunterricht");
        await Put("E-Mail-Adresse (Pflichtfeld)", "j.weissmueller@gs-am-rhein.example");
        await Put("Titel des Projekts (Pflichtfeld)", "Forscherkiste „Wasser & Strom“");
        await Put("Kurzbeschreibung (Ziele, Zielgruppe, Ablauf) (Pflichtfeld)", "Kinder der 3. und 4. Klassen experimentieren mit Wasserkreislauf und Stromkreisen.");
        await page.GetByLabel("Naturwissenschaften", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Technik", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Primarstufe", new() { Exact = true }).CheckAsync();
        await Put("Erwartete Teilnehmende (Pflichtfeld)", "48");
        await page.GetByLabel("Projektbeginn (Pflichtfeld)", new() { Exact = true }).FillAsync(Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Projektende (Pflichtfeld)", new() { Exact = true }).FillAsync(Start.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Put("Beschreibung", "Experimentierkästen Strom (4 Stück)");
        await page.Locator("#f-line-0-amount").FillAsync("259,96");
        await page.GetByRole(AriaRole.Button, new() { Name = "Position hinzufügen" }).ClickAsync();
        await page.Locator("#f-line-1-description").FillAsync("Verbrauchsmaterial");
        await page.Locator("#f-line-1-amount").FillAsync("90,04");
        await Put("Beantragter Betrag in € (Pflichtfeld)", "300");
        await Put("Eigenanteil (Eigen- und Drittmittel) in € (optional)", "50");
        await Put("Kontoinhaber (Pflichtfeld)", "Förderverein GS Am Rhein e.V.");
        await Put("IBAN (Pflichtfeld)", iban);
        if (consent)
        {
            await page.GetByLabel("Datenschutzinformation (Fassung 2026-01)", new() { Exact = false }).CheckAsync();
        }
    }

    /// <summary>
    /// Types a date into the focused date field with the keyboard. The field shows its parts in the order of the browser's
    /// own language (TT.MM.JJJJ in a German Chromium, MM/DD/YYYY in an English one): a first typing finds which, then the
    /// date is typed over it in that order.
    /// </summary>
    public static async Task TypeDateAsync(IPage page, string selector, DateOnly date)
    {
        await page.Keyboard.TypeAsync("01022030");
        var dayFirst = await page.InputValueAsync(selector) == "2030-02-01";
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.TypeAsync(date.ToString(dayFirst ? "ddMMyyyy" : "MMddyyyy", CultureInfo.InvariantCulture));
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await page.InputValueAsync(selector));
    }

    /// <summary>Presses Tab until the focus is on <paramref name="selector"/>, never more than <paramref name="max"/> times.</summary>
    public static async Task TabToAsync(IPage page, string selector, int max = 6)
    {
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        var active = await page.EvaluateAsync<string>("() => document.activeElement?.id || document.activeElement?.outerHTML.slice(0, 120) || ''");
        throw new Xunit.Sdk.XunitException($"{max} presses of Tab did not reach {selector} (focus is on {active}): the focus order skips or misorders a field.");
    }
}
