namespace Engine.Tests.Web;

using System.Text.Json;

/// <summary>
/// The hub client's stream cursor (web/src/shared/stream-cursor.ts), as the Gateway serves it, driven event by event
/// in the browser. Live deliveries can come out of order; a page must still show every event once, in order.
/// </summary>
public sealed class StreamCursorTests(WebEngine engine, Browser browser) : IClassFixture<WebEngine>, IClassFixture<Browser>
{
    [Fact]
    public async Task Out_of_order_first_events_of_an_empty_stream_are_all_shown_in_order()
    {
        // 2 came before 1: the cursor asks for the hole; 1 arrives live while it asks; the answer holds both.
        var shown = await Run("""
            const c = new StreamCursor(0);
            const first = take(c.live(e(2)));
            if (!first.catchUp || !c.beginCatchUp()) return ["no catch-up asked"];
            take(c.live(e(1)));
            take(c.endCatchUp({ events: [e(1), e(2)], latest: 2 }));
            take(c.live(e(3)));
            return shown;
            """);
        Assert.Equal([1, 2, 3], shown);
    }

    [Fact]
    public async Task A_live_event_that_comes_while_the_subscription_replays_follows_the_replay()
    {
        var shown = await Run("""
            const c = new StreamCursor(54);
            c.beginCatchUp();
            take(c.live(e(58)));
            take(c.endCatchUp({ events: [e(55), e(56), e(57)], latest: 57 }));
            return shown;
            """);
        Assert.Equal([55, 56, 57, 58], shown);
    }

    [Fact]
    public async Task A_held_event_still_past_a_hole_after_the_answer_asks_again_and_comes_with_the_second_answer()
    {
        var shown = await Run("""
            const c = new StreamCursor(0);
            c.beginCatchUp();
            take(c.live(e(5)));
            const step = take(c.endCatchUp({ events: [e(1), e(2)], latest: 2 }));
            if (!step.catchUp || !c.beginCatchUp()) return ["no second catch-up asked"];
            take(c.endCatchUp({ events: [e(3), e(4), e(5)], latest: 5 }));
            return shown;
            """);
        Assert.Equal([1, 2, 3, 4, 5], shown);
    }

    [Fact]
    public async Task Repeats_are_shown_once_and_a_second_catch_up_is_not_started_while_one_is_out()
    {
        var shown = await Run("""
            const c = new StreamCursor(0);
            take(c.live(e(1)));
            take(c.live(e(1)));
            take(c.live(e(2)));
            if (!c.beginCatchUp() || c.beginCatchUp()) return ["two catch-ups at once"];
            take(c.endCatchUp({ events: [e(2)], latest: 2 }));
            return shown;
            """);
        Assert.Equal([1, 2], shown);
    }

    [Fact]
    public async Task A_stream_that_no_longer_keeps_the_events_after_the_page_asks_it_to_reload_and_goes_on_from_the_latest()
    {
        var steps = await RunRaw("""
            const c = new StreamCursor(10);
            c.beginCatchUp();
            const gap = c.endCatchUp({ events: [], latest: 2000, gap: true });
            const next = c.live(e(2001));
            c.beginCatchUp();
            c.live(e(2003));
            const failed = c.endCatchUp(null);
            return [gap.reload, next.show.length === 1, failed.reload];
            """);
        Assert.Equal([true, true, true], steps.EnumerateArray().Select(x => x.GetBoolean()));
    }

    private async Task<int[]> Run(string scenario)
    {
        var result = await RunRaw(scenario);
        return result.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number
            ? x.GetInt32() : throw new Xunit.Sdk.XunitException(x.ToString())).ToArray();
    }

    private async Task<JsonElement> RunRaw(string scenario)
    {
        var page = await browser.NewPage(engine.BaseUrl);
        await page.GotoAsync("/chat/");
        var script = "async () => { const { StreamCursor } = await import('/assets/stream-cursor.js');"
            + " const e = n => ({ sequence: n }); const shown = [];"
            + " const take = step => { shown.push(...step.show.map(x => x.sequence)); return step; };\n"
            + scenario + "\n}";
        var result = await page.EvaluateAsync<JsonElement>(script);
        await page.Context.CloseAsync();
        return result;
    }
}
