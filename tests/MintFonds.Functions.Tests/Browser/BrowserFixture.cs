using Microsoft.Playwright;

namespace MintFonds.Functions.Tests.Browser;

/// <summary>
/// One headless Chromium per test class: the Debian package <c>chromium</c> (installed by scripts/test.sh when missing),
/// driven by Playwright for .NET. Playwright's own browser download is never used: its driver ships inside the NuGet
/// package (bin/…/.playwright), and the browser is the system's, by its executable path. A missing browser fails the
/// tests: they are never skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// MINTFONDS_CHROMIUM, else <c>chromium</c> (Debian) or <c>chromium-browser</c> on the PATH, else
    /// <c>/usr/bin/chromium</c> (then reported as missing).
    /// </summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("MINTFONDS_CHROMIUM") is { Length: > 0 } path ? path
        : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") })
            .FirstOrDefault(File.Exists) ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"No Chromium at {ExecutablePath}: install the Debian package (apt-get install chromium; scripts/test.sh does) or set MINTFONDS_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
    }

    /// <summary>A fresh browser profile (no cookies, no cache) in German, in Berlin, at a desktop or phone size.</summary>
    public Task<IBrowserContext> NewContextAsync(bool phone = false, bool javaScript = true) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "de-DE",
            TimezoneId = "Europe/Berlin",
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 780 } : new ViewportSize { Width = 1280, Height = 900 },
            DeviceScaleFactor = phone ? 2 : 1,
            IsMobile = phone,
            HasTouch = phone,
            JavaScriptEnabled = javaScript,
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
