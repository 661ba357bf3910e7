namespace Engine.Tests.Web;

using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The three front ends in a real browser against a real Gateway: the customer's widget, the agent desk and the
/// supervisor wall. Screenshots of each are saved under the test output's <c>artifacts</c> folder.
/// </summary>
public sealed class WebFrontEndTests(WebEngine engine, Browser browser, ITestOutputHelper output) : IClassFixture<WebEngine>, IClassFixture<Browser>
{
    // Texts from the twcs corpus (tweets 12 and 15), so the pages show what real customers and agents write.
    private const string CustomerText = "You gonna magically change your connectivity for me and my whole family?";
    private const string AgentText = "We understand your concerns and we'd like to look into this for you. -AA";

    [Fact]
    public async Task Customer_writes_in_the_widget_agent_accepts_the_offer_and_replies_and_the_customer_sees_it_live()
    {
        var tenant = await engine.NewTenant();
        var widget = await browser.NewPage(engine.BaseUrl, 420, 720);
        var desk = await browser.NewPage(engine.BaseUrl);

        await Pages.OpenDeskAvailable(desk, tenant, "ava");
        await widget.GotoAsync($"/chat/?tenant={tenant}");
        await widget.FillAsync("#chat-name", "Dana");
        await Pages.WriteInWidget(widget, CustomerText);
        await Expect(widget.Locator("#chat-name")).ToHaveCountAsync(0);
        // The widget follows its conversation over the hub, not by polling.
        await Expect(widget.Locator("#live")).ToHaveAttributeAsync("data-status", "live");

        var offer = await Pages.AcceptOffer(desk);
        Assert.Contains("general", offer);
        var customerMessage = desk.Locator(".lane[data-lane=private] .message[data-direction=inbound]");
        await Expect(customerMessage).ToContainTextAsync(CustomerText);
        await Expect(customerMessage).ToContainTextAsync("Dana");
        await Expect(desk.Locator(".conv-header")).ToContainTextAsync("ava");
        await Expect(desk.Locator("#live")).ToHaveAttributeAsync("data-status", "live");

        var sentAt = await desk.EvaluateAsync<double>("Date.now()");
        await Pages.Reply(desk, AgentText);
        await Expect(desk.Locator(".lane[data-lane=private] .message[data-direction=outbound]")).ToContainTextAsync(AgentText);
        var reply = widget.Locator(".bubble[data-direction=outbound]");
        await Expect(reply).ToContainTextAsync(AgentText, new() { Timeout = 10_000 });
        // It came over the hub (message.added on the visitor's webchat stream), not from a REST poll.
        await Expect(reply).ToHaveAttributeAsync("data-via", "live");
        var shownAt = double.Parse((await reply.GetAttributeAsync("data-shown-at"))!, System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"agent's Send to the customer's screen: {shownAt - sentAt:0} ms");

        await Browser.Screenshot(widget, "widget");
        await Browser.Screenshot(desk, "desk");
        await desk.SetViewportSizeAsync(1920, 1080);
        await Browser.Screenshot(desk, "desk-1920x1080");
        await desk.SetViewportSizeAsync(1280, 800);
        await Browser.Screenshot(desk, "desk-1280x800");
    }

    [Fact]
    public async Task The_embed_snippet_adds_a_button_that_opens_the_widget_in_a_frame()
    {
        var page = await browser.NewPage(engine.BaseUrl, 1366, 768);
        await page.GotoAsync("/chat/demo.html");
        var frame = page.Locator("iframe[title='Chat with us']");
        await Expect(frame).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        await Expect(frame).ToBeVisibleAsync();
        await Expect(page.FrameLocator("iframe[title='Chat with us']").Locator("#chat-input")).ToBeVisibleAsync();
        await Browser.Screenshot(page, "embed");
    }

    [Fact]
    public async Task Agent_sees_an_offer_with_a_countdown_accepts_it_and_replies_on_the_thread()
    {
        var tenant = await engine.NewTenant();
        var desk = await browser.NewPage(engine.BaseUrl, 1366, 768);
        await Pages.OpenDeskAvailable(desk, tenant, "ava");

        using var boss = await engine.SignIn(tenant, "boss");
        (await boss.PutAsJsonAsync($"/api/v1/tenants/{tenant}/sla/policies", new[]
        {
            new { name = "standard", match = new { }, targets = new { firstResponseMinutes = 60 } },
        })).EnsureSuccessStatusCode();
        var posted = await boss.PostAsJsonAsync($"/api/v1/tenants/{tenant}/inbound", new
        {
            channel = "x", visibility = "public", platformMessageId = "tw-12",
            author = new { kind = "customer", id = "x:115713", name = "@115713" },
            text = CustomerText, timestamp = DateTimeOffset.UtcNow,
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        await Pages.AcceptOffer(desk);
        await Expect(desk.Locator(".lane[data-lane=public] .message[data-direction=inbound]")).ToContainTextAsync(CustomerText);
        // The SLA target runs while the customer waits, and is met once the agent answers.
        await Expect(desk.Locator(".sla-row")).ToContainTextAsync("SLA standard");
        // The risk the engine scored at ingest, with its reasons, is shown to the agent.
        await Expect(desk.Locator(".risk-row")).ToContainTextAsync("Risk");
        await Expect(desk.Locator(".sla[data-state=running]")).ToContainTextAsync("first response");
        await Expect(desk.Locator(".fact[data-kind=waiting]")).ToBeVisibleAsync();

        await Pages.Reply(desk, AgentText);
        await Expect(desk.Locator(".lane[data-lane=public] .message[data-direction=outbound]")).ToContainTextAsync(AgentText);
        await Expect(desk.Locator(".conv-header")).ToContainTextAsync("pending");
        await Expect(desk.Locator(".sla[data-state=met]")).ToContainTextAsync("first response");

        // No canned responses in this tenant: the picker is not shown.
        await Expect(desk.Locator("#canned")).ToHaveCountAsync(0);

        await desk.SelectOptionAsync("#reply-target", "note");
        await Pages.Reply(desk, "Customer is on the family plan.");
        await Expect(desk.Locator(".lane[data-lane=notes] .note")).ToContainTextAsync("family plan");
        await Browser.Screenshot(desk, "desk-laptop-1366x768");

        // Invite to private: the invitation is a public reply on the X thread, asking for a direct message.
        await Expect(desk.Locator("#invite-channel")).ToHaveValueAsync("x");
        await desk.ClickAsync("#invite");
        await Expect(desk.Locator(".lane[data-lane=public] .message[data-direction=outbound]")).ToHaveCountAsync(2);

        await desk.ClickAsync("#resolve");
        await Expect(desk.Locator(".conv-header")).ToContainTextAsync("resolved");
    }

    [Fact]
    public async Task A_declined_offer_goes_to_the_other_agent_who_transfers_the_conversation_back()
    {
        var tenant = await engine.NewTenant();
        var desks = new Dictionary<string, IPage>
        {
            ["ava"] = await browser.NewPage(engine.BaseUrl, 1366, 768),
            ["sam"] = await browser.NewPage(engine.BaseUrl, 1366, 768),
        };
        foreach (var (agent, page) in desks) await Pages.OpenDeskAvailable(page, tenant, agent);

        using var boss = await engine.SignIn(tenant, "boss");
        (await boss.PostAsJsonAsync($"/api/v1/tenants/{tenant}/inbound", new
        {
            channel = "x", visibility = "public", platformMessageId = "tw-8",
            author = new { kind = "customer", id = "x:115712" }, text = "is the worst customer service", timestamp = DateTimeOffset.UtcNow,
        })).EnsureSuccessStatusCode();

        // Whoever is offered it first declines; the offer moves to the other agent.
        var first = await Pages.WhoIsOffered(desks);
        var second = desks.Keys.Single(k => k != first);
        await desks[first].Locator("article.offer").GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Expect(desks[first].Locator("article.offer")).ToHaveCountAsync(0);
        await Pages.AcceptOffer(desks[second]);
        await Expect(desks[second].Locator(".conv-header")).ToContainTextAsync(second);

        await desks[second].FillAsync("#transfer-to", first);
        await desks[second].ClickAsync("#transfer");
        await Expect(desks[second].Locator(".conv-header")).ToContainTextAsync(first);
        // The agent it was transferred to finds it under "mine".
        await Expect(desks[first].Locator(".conv-list .conv-row")).ToContainTextAsync("worst customer service", new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Supervisor_wall_shows_the_queue_with_its_waiting_conversation_the_agents_presence_and_the_sla_breach()
    {
        var tenant = await engine.NewTenant();
        using var boss = await engine.SignIn(tenant, "boss");
        // Nobody is available, so the message waits in the queue.
        await WaitingPastAFastGoal(boss, tenant, "tw-3", "x:115712", "I have sent several private messages and no one is responding as usual");
        using var ava = await engine.SignIn(tenant, "ava");
        (await ava.PutAsJsonAsync($"/api/v1/tenants/{tenant}/agents/ava/presence", new { presence = "away" })).EnsureSuccessStatusCode();

        var wall = await browser.NewPage(engine.BaseUrl, 1920, 1080);
        await Pages.SignIn(wall, "/wall/", tenant, "boss");
        var queue = wall.Locator("article.tile[data-queue=general]");
        await Expect(queue.Locator("[data-figure=depth] .figure-value")).ToHaveTextAsync("1");
        await Expect(wall.Locator("article.agent-card[data-agent=ava]")).ToHaveAttributeAsync("data-presence", "away");

        // Presence changes show on the wall without a reload.
        (await ava.PutAsJsonAsync($"/api/v1/tenants/{tenant}/agents/ava/presence", new { presence = "busy" })).EnsureSuccessStatusCode();
        await Expect(wall.Locator("article.agent-card[data-agent=ava]")).ToHaveAttributeAsync("data-presence", "busy");
        await Expect(wall.Locator("#live")).ToHaveAttributeAsync("data-status", "live");

        // The missed goal shows as a breach (hub event) and as the feed's alert, without a reload.
        await Expect(wall.Locator("#breaches li[data-kind='sla.breach']")).ToContainTextAsync("first response missed", new() { Timeout = 15_000 });
        await Expect(wall.Locator("#alerts li[data-kind=sla]")).ToContainTextAsync("fast", new() { Timeout = 10_000 });
        await Expect(wall.Locator("[data-figure=breaches] .figure-value")).ToHaveTextAsync("1");
        await Browser.Screenshot(wall, "wall");
        await wall.SetViewportSizeAsync(1366, 768);
        await Browser.Screenshot(wall, "wall-laptop-1366x768");
    }

    [Fact]
    public async Task A_breach_from_before_the_wall_opened_counts_once_though_both_the_feed_and_the_hub_report_it()
    {
        var tenant = await engine.NewTenant();
        using var boss = await engine.SignIn(tenant, "boss");
        await WaitingPastAFastGoal(boss, tenant, "tw-4", "x:115713", "still waiting for an answer");
        // The breach is in the feed before the wall opens, so the wall's first read of the feed (REST, before its hub is
        // live) reports it, and the hub's replay of the supervisor stream reports it again.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await boss.GetStringAsync($"/api/v1/tenants/{tenant}/supervisor/feed?after=0")).Contains("breached"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the breach never reached the supervisor feed");
            await Task.Delay(200);
        }

        var wall = await browser.NewPage(engine.BaseUrl, 1920, 1080);
        await Pages.SignIn(wall, "/wall/", tenant, "boss");
        await Expect(wall.Locator("#live")).ToHaveAttributeAsync("data-status", "live");
        await Expect(wall.Locator("#breaches li[data-kind='sla.breach']")).ToContainTextAsync("first response missed", new() { Timeout = 15_000 });
        await Expect(wall.Locator("#breaches li")).ToHaveCountAsync(1);
        await Expect(wall.Locator("[data-figure=breaches] .figure-value")).ToHaveTextAsync("1");
    }

    /// <summary>A first-response goal of 3 s that tells supervisors when it is missed, and a customer message under it.</summary>
    private static async Task WaitingPastAFastGoal(HttpClient boss, string tenant, string messageId, string author, string text)
    {
        (await boss.PutAsJsonAsync($"/api/v1/tenants/{tenant}/sla/policies", new[]
        {
            new { name = "fast", match = new { }, targets = new { firstResponseMinutes = 0.05 }, onBreach = new[] { new { kind = "notifySupervisors" } } },
        })).EnsureSuccessStatusCode();
        (await boss.PostAsJsonAsync($"/api/v1/tenants/{tenant}/inbound", new
        {
            channel = "x", visibility = "public", platformMessageId = messageId,
            author = new { kind = "customer", id = author }, text, timestamp = DateTimeOffset.UtcNow,
        })).EnsureSuccessStatusCode();
    }
}
