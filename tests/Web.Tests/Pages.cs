namespace Engine.Tests.Web;

using Microsoft.Playwright;

/// <summary>What a person does on the pages, by the same controls they use.</summary>
public static class Pages
{
    public static async Task SignIn(IPage page, string path, string tenant, string userId)
    {
        await page.GotoAsync(path);
        await page.FillAsync("#tenant", tenant);
        await page.FillAsync("#user", userId);
        await page.FillAsync("#password", WebEngine.Password);
        await page.ClickAsync("#signin");
        await page.Locator(".topbar .me").WaitForAsync();
    }

    /// <summary>Signs in on the desk and sets the agent available, as the presence switch does.</summary>
    public static async Task OpenDeskAvailable(IPage page, string tenant, string userId)
    {
        await SignIn(page, "/app/", tenant, userId);
        await page.SelectOptionAsync("#presence", "available");
        // Up to 10 s: the first presence change of a run activates the agent's grains and the Gateway's stream subscription,
        // and in CI it runs beside the failover suite's silo processes (it once took over Playwright's default 5 s there).
        await Assertions.Expect(page.Locator(".presence .dot")).ToHaveAttributeAsync("data-presence", "available", new() { Timeout = 10_000 });
    }

    public static async Task WriteInWidget(IPage widget, string text)
    {
        await widget.FillAsync("#chat-input", text);
        await widget.ClickAsync("#chat-send");
        await Assertions.Expect(widget.Locator(".bubble[data-direction=inbound]").Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    /// <summary>Waits for an offer, checks its countdown runs, and accepts it; answers the offer card's text.</summary>
    public static async Task<string> AcceptOffer(IPage desk)
    {
        var offer = desk.Locator("article.offer").First;
        await offer.WaitForAsync();
        var countdown = offer.Locator(".countdown");
        await Assertions.Expect(countdown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+s$"));
        var first = Seconds(await countdown.TextContentAsync());
        await Assertions.Expect(countdown).Not.ToHaveTextAsync($"{first}s", new() { Timeout = 3000 });
        Assert.True(Seconds(await countdown.TextContentAsync()) < first, "The offer's countdown goes down.");
        var text = await offer.InnerTextAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        return text;
    }

    /// <summary>Which of the desks shows an offer first.</summary>
    public static async Task<string> WhoIsOffered(IReadOnlyDictionary<string, IPage> desks)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (agent, page) in desks)
                if (await page.Locator("article.offer").CountAsync() > 0) return agent;
            await Task.Delay(200);
        }
        throw new TimeoutException("No desk showed an offer within 20 s.");
    }

    public static async Task Reply(IPage desk, string text)
    {
        await desk.FillAsync("#reply-text", text);
        await desk.ClickAsync("#send");
    }

    private static int Seconds(string? countdown) => int.Parse(countdown!.TrimEnd('s'));
}
