using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MintFonds.Core.Money;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Decisions;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Browser;

/// <summary>
/// The web forms in a real Chromium against the real function classes over real HTTP (<see cref="FunctionHttpServer"/>),
/// storage in Azurite: apply by typing and by keyboard alone, follow the e-mailed status link and withdraw, the server's
/// field errors at their fields, a double click that files once, a pledge's GiroCodes read back by ZXing on a 360 px
/// phone, answering a request for changes, and axe-core on every page. Screenshots into docs/screenshots/ with
/// MINTFONDS_WRITE_SCREENSHOTS=1 (never in CI, so a run does not change the tree).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FormsInBrowserTests(SharedFixture shared, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly Regex RealReference = new(@"^MRF-\d{4}-\d{4}$");

    private FormsSite _site = null!;

    public async Task InitializeAsync() => _site = await FormsSite.StartAsync(shared);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task An_applicant_types_the_form_gets_a_reference_opens_the_emailed_status_link_and_withdraws()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var requests = FormsSite.RecordRequests(page);
        await page.GotoAsync(_site.PageUrl("apply"));

        // The form is built from the open call: its rules next to the fields, its choices in the selects.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Regeln dieser Förderrunde" })).ToBeVisibleAsync();
        await Expect(page.Locator(".rules")).ToContainTextAsync("Höchstens 500,00 € je Antrag");
        await Expect(page.Locator(".rules")).ToContainTextAsync("mindestens 28 Tage vor Projektbeginn");
        await Expect(page.Locator("#f-project-startDate-hint")).ToContainTextAsync("frühester Beginn");
        await Expect(page.GetByText("Fassung 2026-01", new() { Exact = false })).ToBeVisibleAsync();
        await FormDriver.FillApplicationAsync(page, typing: true);

        // The form checks the rules while typing: too much requested shows the call's maximum at once, and goes when fixed.
        var requested = page.GetByLabel("Beantragter Betrag in € (Pflichtfeld)", new() { Exact = true });
        await requested.FillAsync("600");
        await requested.BlurAsync();
        await Expect(page.Locator("#f-budget-requestedAmount-error")).ToContainTextAsync("Höchstens 500,00 € je Antrag.");
        await requested.FillAsync("300");
        await Expect(page.Locator("#f-budget-requestedAmount-error")).ToHaveCountAsync(0);
        await Expect(page.Locator("#budget-total")).ToHaveTextAsync("Gesamtkosten: 350,00 €");

        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag absenden" }).ClickAsync();
        var reference = await page.Locator("#reference").TextContentAsync();
        Assert.Matches(RealReference, reference);
        await Expect(page.Locator("#status-link-note")).ToContainTextAsync("E-Mail-Adresse geschickt");
        await Screenshot(page, "apply-done-desktop");

        // The confirmation e-mail in the local outbox links to this app's status form, the access data in the fragment.
        var link = await _site.StatusLinkFromEmailAsync(reference!);
        Assert.StartsWith(_site.Server.Url("/api/forms/status#"), link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await Expect(page.Locator("#current-status")).ToHaveTextAsync("Eingegangen");
        await Expect(page.Locator("#timeline li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Eingegangen");
        await Expect(page.Locator("#next-step")).ToContainTextAsync("prüft den Antrag");

        // The token never travelled in a URL: the server saw the status path without it.
        Assert.DoesNotContain(_site.Server.Log, line => line.Contains(link.Split('/')[^1], StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag zurückziehen" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, Antrag zurückziehen" }).ClickAsync();
        await Expect(page.Locator("#current-status")).ToHaveTextAsync("Zurückgezogen");
        await Expect(page.Locator("#timeline li")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Antrag zurückziehen" })).ToHaveCountAsync(0);
        Assert.Equal("withdrawn", await StatusOfAsync(reference!, link));
        _site.AssertOnlyOwnRequests(requests);
    }

    [Fact]
    public async Task The_funds_uploaded_logo_shows_in_the_form_under_the_pages_own_policy()
    {
        var upload = await Regions.LogoKit.UploadAsync(_site.App, _site.FundId, Regions.LogoKit.Png());
        Assert.True(upload.Status == 200, upload.ToString());
        var logoUrl = upload.Json.GetProperty("logoUrl").GetString()!;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };

        await page.GotoAsync(_site.PageUrl("apply"));

        // The logo comes from this app's own logo route (same origin: img-src 'self'), and the browser really draws it.
        await Expect(page.Locator("#fund-logo img")).ToHaveAttributeAsync("src", logoUrl);
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#fund-logo img'); return !!i && i.complete && i.naturalWidth === 240; }");
        Assert.Empty(refused);
    }

    [Fact]
    public async Task The_form_can_be_filled_and_sent_with_the_keyboard_alone_in_a_sensible_focus_order()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_site.PageUrl("apply"));
        await Expect(page.Locator("#application-form")).ToBeVisibleAsync();
        var keys = page.Keyboard;

        // The first Tab reaches the skip link, which leads to the content.
        await keys.PressAsync("Tab");
        Assert.Equal("Zum Inhalt springen", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));

        async Task Type(string selector, string text)
        {
            await FormDriver.TabToAsync(page, selector);
            await keys.TypeAsync(text);
        }

        await Type("#f-institution-name", "Kita Sonnenschein");
        await Type("#f-institution-type", "Kita");
        await Type("#f-institution-street", "Mainzer Straße 3");
        await Type("#f-institution-postalCode", "55411");
        await Type("#f-institution-city", "Bingen am Rhein");
        await Type("#f-institution-district", "Landkreis Mainz");
        await Type("#f-contact-name", "Aylin Demir");
        await Type("#f-contact-role", "Kita-Leitung");
        await Type("#f-contact-email", "leitung@kita-sonnenschein.example");
        await Type("#f-contact-phone", "06721 98765");
        await Type("#f-project-title", "Kleine Forscher am Rhein");
        await Type("#f-project-summary", "Wir bauen mit den Kindern Wasserräder und messen, wie schnell sie sich drehen.");
        await FormDriver.TabToAsync(page, "#f-project-mintFields-0");
        await keys.PressAsync("Space");
        await FormDriver.TabToAsync(page, "#f-project-educationStages-0");
        await keys.PressAsync("Space");
        await Type("#f-project-expectedParticipants", "24");

        await FormDriver.TabToAsync(page, "#f-project-startDate");
        await FormDriver.TypeDateAsync(page, "#f-project-startDate", FormDriver.Start);
        await FormDriver.TabToAsync(page, "#f-project-endDate");
        await FormDriver.TypeDateAsync(page, "#f-project-endDate", FormDriver.Start.AddMonths(2));

        // Budget lines are added and removed with the keyboard too; removing puts the focus on a neighbouring line.
        await Type("#f-line-0-description", "Material für Wasserräder");
        await Type("#f-line-0-amount", "180");
        await FormDriver.TabToAsync(page, "#add-line");
        await keys.PressAsync("Enter");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.id === 'f-line-1-description'"));
        await keys.TypeAsync("Versehentliche Zeile");
        await FormDriver.TabToAsync(page, "#budget-lines li:nth-child(2) .remove");
        await keys.PressAsync("Enter");
        await Expect(page.Locator("#budget-lines li")).ToHaveCountAsync(1);
        await FormDriver.TabToAsync(page, "#add-line");
        await keys.PressAsync("Enter");
        await keys.TypeAsync("Messbecher und Stoppuhren");
        await Type("#f-line-1-amount", "70");

        await Type("#f-budget-requestedAmount", "250");
        await Type("#f-bankAccount-accountHolder", "Kita Sonnenschein");
        await Type("#f-bankAccount-iban", "DE02120300000000202051");
        await FormDriver.TabToAsync(page, "#f-bankAccount-bic");
        await FormDriver.TabToAsync(page, "#f-consents-privacyNoticeAccepted");
        await keys.PressAsync("Space");
        await FormDriver.TabToAsync(page, "#submit");
        await keys.PressAsync("Enter");

        await Expect(page.Locator("#reference")).ToHaveTextAsync(RealReference);
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.id === 'done-title'"), "The confirmation takes the focus.");
        Assert.Single(await _site.ApplicationRowsAsync());
    }

    [Fact]
    public async Task A_wrong_IBAN_and_a_missing_consent_show_the_servers_messages_at_their_fields_and_nothing_is_stored()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_site.PageUrl("apply"));
        await FormDriver.FillApplicationAsync(page, typing: false, iban: "DE02 1203 0000 0000 2020 52", consent: false);
        await Task.Delay(1100);

        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/applications", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag absenden" }).ClickAsync();
        var response = await answer;
        Assert.Equal(422, response.Status);
        var errors = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["bankAccount.iban", "consents.privacyNoticeAccepted"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        // Each of the server's messages stands at its field, tied to it for screen readers, and in the summary.
        foreach (var (field, id) in new[] { ("bankAccount.iban", "f-bankAccount-iban"), ("consents.privacyNoticeAccepted", "f-consents-privacyNoticeAccepted") })
        {
            var message = errors.GetProperty(field)[0].GetString()!;
            var input = page.Locator("#" + id);
            await Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator($"#{id}-error")).ToHaveTextAsync(message);
            Assert.Contains($"{id}-error", (await input.GetAttributeAsync("aria-describedby"))!, StringComparison.Ordinal);
            await Expect(page.Locator(".error-summary")).ToContainTextAsync(message);
        }

        Assert.Contains("Datenschutzinformation zur Kenntnis genommen", errors.GetProperty("consents.privacyNoticeAccepted")[0].GetString(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('error-summary')"), "The summary takes the focus.");
        await Screenshot(page, "apply-errors-desktop");

        // The summary's link leads to the field.
        await page.Locator(".error-summary a", new() { HasText = "IBAN" }).ClickAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.id === 'f-bankAccount-iban'"));

        Assert.Empty(await ApplicationTestKit.RowsAsync(_site.App, _site.FundId));
    }

    [Fact]
    public async Task A_double_clicked_submit_files_one_application()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_site.PageUrl("apply"));
        await FormDriver.FillApplicationAsync(page, typing: false);
        await Task.Delay(1100);
        var posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                Interlocked.Increment(ref posts);
            }
        };

        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag absenden" }).DblClickAsync();

        await Expect(page.Locator("#reference")).ToHaveTextAsync(RealReference);
        Assert.InRange(posts, 1, 2);
        Assert.Single(await _site.ApplicationRowsAsync());
    }

    [Fact]
    public async Task On_a_360px_phone_a_pledge_shows_a_GiroCode_per_instalment_that_decodes_to_its_payment_data()
    {
        await using var context = await browser.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        var requests = FormsSite.RecordRequests(page);
        await page.GotoAsync(_site.PageUrl("pledge"));
        await Expect(page.Locator("#pledge-form")).ToBeVisibleAsync();
        await AssertFitsAsync(page);

        await page.GetByLabel("Name bzw. Firma (Pflichtfeld)", new() { Exact = true }).FillAsync("Rheinhessische Maschinenbau GmbH");
        await page.GetByLabel("Ansprechperson (Pflichtfeld)", new() { Exact = true }).FillAsync("Dr. Anna Groß");
        await page.GetByLabel("Straße und Hausnummer (Pflichtfeld)", new() { Exact = true }).FillAsync("Am Hafen 7");
        await page.GetByLabel("Postleitzahl (Pflichtfeld)", new() { Exact = true }).FillAsync("55411");
        await page.GetByLabel("Ort (Pflichtfeld)", new() { Exact = true }).FillAsync("Bingen am Rhein");
        await page.GetByLabel("E-Mail-Adresse (Pflichtfeld)", new() { Exact = true }).FillAsync("foerderung@rhm-maschinenbau.example");
        await page.GetByLabel("Betrag je Zahlung in € (mindestens 100 €) (Pflichtfeld)", new() { Exact = true }).FillAsync("500");
        await page.GetByLabel("Jährlich", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Anzahl der Jahre (2 bis 10) (optional)", new() { Exact = true }).FillAsync("3");
        await page.GetByLabel("Eine Sammelbestätigung je Kalenderjahr", new() { Exact = true }).CheckAsync();
        await page.Locator("[data-field='earmark.educationStages']").GetByLabel("Kita", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Der Fonds darf uns als Förderer namentlich nennen", new() { Exact = false }).CheckAsync();
        await page.GetByLabel("Datenschutzinformation (Fassung 2026-01)", new() { Exact = false }).CheckAsync();
        await Task.Delay(1100);
        await page.GetByRole(AriaRole.Button, new() { Name = "Förderung zusagen" }).TapAsync();

        await Expect(page.Locator("#reference")).ToHaveTextAsync(new Regex(@"^MRF-P-\d{4}-\d{4}$"));
        var reference = (await page.Locator("#reference").TextContentAsync())!;
        var images = page.Locator("img.girocode");
        await Expect(images).ToHaveCountAsync(3);
        await AssertFitsAsync(page);
        await Screenshot(page, "pledge-done-phone");

        var fund = (await _site.App.Get<FundTable>().GetAsync(_site.FundId, CancellationToken.None))!.Value;
        for (var n = 1; n <= 3; n++)
        {
            var image = images.Nth(n - 1);
            var remittance = $"{reference}-{n}";
            await Expect(page.Locator(".instalment").Nth(n - 1).Locator(".remittance")).ToHaveTextAsync(remittance);
            Assert.Contains(remittance, await image.GetAttributeAsync("alt"), StringComparison.Ordinal);

            // What the page shows, read back as a banking app's scanner would: the image's own bytes, and the image
            // as the phone's screen shows it (a screenshot of the element).
            var source = (await image.GetAttributeAsync("src"))!;
            var scanned = QrDecoder.Scan(Convert.FromBase64String(source["data:image/png;base64,".Length..]));
            var expected = _site.App.Get<PaymentCodes>().PayloadFor(fund, new Instalment(n, default, Euro.FromDecimal(500m), remittance));
            Assert.Equal(expected, scanned.Text);
            Assert.Equal("M", scanned.ErrorCorrectionLevel);
            Assert.Contains("DE89370400440532013000", scanned.Text, StringComparison.Ordinal);
            Assert.Contains("EUR500.00", scanned.Text, StringComparison.Ordinal);
            Assert.Equal(expected, ScreenDecoder.Decode(await image.ScreenshotAsync()));
        }

        _site.AssertOnlyOwnRequests(requests);
    }

    [Fact]
    public async Task The_status_page_lets_the_applicant_answer_a_request_for_changes_by_editing_and_resubmitting()
    {
        var reference = await _site.SubmitApplicationAsync();
        var link = await _site.StatusLinkFromEmailAsync(reference);
        Assert.Equal(200, (await DecisionTestKit.ActAsync(_site.App, _site.FundId, reference, "start-review")).Status);
        Assert.Equal(200, (await DecisionTestKit.ActAsync(_site.App, _site.FundId, reference, "request-changes",
            new Dictionary<string, object?> { ["note"] = "Bitte die Kosten für Verbrauchsmaterial genauer aufschlüsseln." })).Status);

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.Locator("#current-status")).ToHaveTextAsync("Rückfrage / Nachbesserung erbeten");
        await Expect(page.Locator(".changes blockquote")).ToContainTextAsync("genauer aufschlüsseln");
        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag überarbeiten" }).ClickAsync();

        // The application comes back as it was sent, except the bank data, which are entered again.
        await Expect(page.Locator("#f-project-title")).ToHaveValueAsync("Forscherkiste „Wasser & Strom“ 🔬");
        await Expect(page.Locator("#f-bankAccount-iban")).ToHaveValueAsync(string.Empty);
        await AxeAsync(page, "status (changes requested)");
        await Screenshot(page, "status-changes-desktop");

        await page.Locator("#f-line-1-description").FillAsync("Verbrauchsmaterial: Kabel, Batterien, Lämpchen");
        await page.Locator("#f-bankAccount-iban").FillAsync("DE02 1203 0000 0000 2020 51");
        await page.Locator("#f-consents-privacyNoticeAccepted").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Überarbeiteten Antrag einreichen" }).ClickAsync();

        await Expect(page.Locator("#notice")).ToContainTextAsync("Der überarbeitete Antrag ist eingegangen.");
        await Expect(page.Locator("#current-status")).Not.ToHaveTextAsync("Rückfrage / Nachbesserung erbeten");
        Assert.Single(await _site.ApplicationRowsAsync("ver-"));
    }

    [Fact]
    public async Task An_approved_application_shows_the_decision_with_its_terms_and_can_no_longer_be_withdrawn()
    {
        var reference = await _site.SubmitApplicationAsync();
        var link = await _site.StatusLinkFromEmailAsync(reference);
        await _site.ApproveAsync(reference);

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);

        await Expect(page.Locator("#current-status")).ToHaveTextAsync("Bewilligt");
        var decision = page.Locator("section.decision");
        await Expect(decision).ToContainTextAsync("Bewilligter Betrag300,00 €");
        await Expect(decision).ToContainTextAsync("AuflagenBelege aufbewahren.");
        var due = FormsSite.ProofOfUseDueOn;
        await Expect(decision).ToContainTextAsync("Verwendungsnachweis fällig bis" + due.ToString("d. MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("de-DE")));
        await Expect(page.Locator("#next-step")).ToContainTextAsync("Verwendungsnachweis bis zum " + due.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#timeline li").Last).ToContainTextAsync("Bewilligt");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Antrag zurückziehen" })).ToHaveCountAsync(0);
        await AxeAsync(page, "status (approved)");
        await Screenshot(page, "status-approved-desktop");
    }

    [Fact]
    public async Task Every_page_passes_axe_core_on_a_desktop_and_a_360px_phone_and_tells_what_to_do_without_JavaScript()
    {
        var reference = await _site.SubmitApplicationAsync();
        var status = await _site.StatusLinkFromEmailAsync(reference);
        var pages = new (string Name, string Url, string Ready)[]
        {
            ("apply", _site.PageUrl("apply"), "#application-form"),
            ("apply-en", _site.PageUrl("apply", "lang=en"), "#application-form"),
            ("status", status, "#timeline"),
            ("pledge", _site.PageUrl("pledge"), "#pledge-form"),
            ("transparency", _site.PageUrl("transparency"), "#app > *:not([data-i18n])"),
            ("index", _site.PageUrl("index"), ".links"),
            ("status-without-link", _site.Server.Url("/api/forms/status"), "#notice:not([hidden])"),
        };

        foreach (var phone in new[] { false, true })
        {
            await using var context = await browser.NewContextAsync(phone);
            var page = await context.NewPageAsync();
            var requests = FormsSite.RecordRequests(page);
            foreach (var (name, url, ready) in pages)
            {
                await page.GotoAsync(url);
                await Expect(page.Locator(ready).First).ToBeVisibleAsync();
                await AxeAsync(page, $"{name} ({(phone ? "phone" : "desktop")})");
                if (phone)
                {
                    await AssertFitsAsync(page);
                }

                if (name != "status-without-link" && !(phone && name == "apply-en"))
                {
                    await Screenshot(page, $"{name}-{(phone ? "phone" : "desktop")}");
                }
            }

            _site.AssertOnlyOwnRequests(requests);
        }

        // The transparency route is not part of this deployment yet: the page says so instead of failing.
        await using (var context = await browser.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(_site.PageUrl("transparency"));
            await Expect(page.Locator("#unavailable, .figures, .cards").First).ToBeVisibleAsync();
        }

        // Without JavaScript the page says what to do, and the form (which needs it) is not offered half-working.
        await using (var context = await browser.NewContextAsync(javaScript: false))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(_site.PageUrl("apply"));
            await Expect(page.GetByText("Dieses Formular braucht JavaScript", new() { Exact = false })).ToBeVisibleAsync();
            await Expect(page.Locator("#app")).ToBeHiddenAsync();
        }
    }

    /// <summary>axe-core (Deque.AxeCore.Playwright): no violation of impact serious or critical (WCAG 2.1 A/AA rules and best practices).</summary>
    private static async Task AxeAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe-core on {what}: " + string.Join("; ", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>Nothing is wider than the screen: no sideways scrolling on a 360 px phone.</summary>
    private static async Task AssertFitsAsync(IPage page)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(sizes[0] <= sizes[1], $"The page is {sizes[0]} px wide on a {sizes[1]} px screen.");
    }

    private async Task<string> StatusOfAsync(string reference, string link)
    {
        var token = link.Split('/')[^1];
        var response = await ApplicationTestKit.StatusAsync(_site.App, _site.FundId, reference, token);
        return response.Json.GetProperty("status").GetString()!;
    }

    /// <summary>
    /// Screenshots for the README, written only with MINTFONDS_WRITE_SCREENSHOTS=1: CI runs never change the tree, and
    /// the pictures are renewed deliberately, when the pages change.
    /// </summary>
    private static async Task Screenshot(IPage page, string name, string? url = null)
    {
        if (Environment.GetEnvironmentVariable("MINTFONDS_WRITE_SCREENSHOTS") != "1")
        {
            return;
        }

        if (url is not null)
        {
            await page.GotoAsync(url);
            await page.Locator("form, .done, #timeline").First.WaitForAsync();
        }

        var folder = RepoPaths.Combine("docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
