namespace Engine.Tests.Web;

using Microsoft.Playwright;

/// <summary>
/// Debian's Chromium driven by Playwright, headless. Playwright's own browser builds are never downloaded:
/// scripts/test.sh installs the <c>chromium</c> package. Without it the browser tests fail (they never skip).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("ENGINE_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Screenshots for people to look at: under the test output, kept by CI as artifacts.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Instance => _browser ?? throw new InvalidOperationException("The browser did not start.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium is not at {ExecutablePath}: run scripts/test.sh (it installs Debian's 'chromium') or set ENGINE_TEST_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A fresh browser profile (own storage, own session) at a desktop or laptop size.</summary>
    public async Task<IPage> NewPage(string baseUrl, int width = 1440, int height = 900)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = false });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
