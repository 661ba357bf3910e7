namespace Engine.Tests.Feed;

using System.Net;
using Engine.Feed;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

[Collection(ApiCollection.Name)]
public sealed class FeedApiTests(EngineApiFactory factory)
{
    private readonly string _tenant = $"feed-{Guid.NewGuid():N}"[..16];

    private async Task Publish(int count)
    {
        var feed = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisorFeedGrain>(_tenant);
        for (var i = 1; i <= count; i++)
            await feed.Publish("alert", $"k{i}", null, $"alert {i}");
    }

    [Fact]
    public async Task The_feed_pages_after_a_sequence_number()
    {
        await Publish(3);
        var page = await ApiClient.Json(await factory.CreateClient().GetAsync($"/api/v1/tenants/{_tenant}/supervisor/feed?after=1"));
        Assert.Equal([2, 3], page["events"]!.AsArray().Select(e => (int)e!["sequence"]!));
        var bad = await factory.CreateClient().GetAsync($"/api/v1/tenants/{_tenant}/supervisor/feed?after=-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_stream_resumes_after_the_last_event_id_with_exactly_the_missed_events()
    {
        await Publish(4);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tenants/{_tenant}/supervisor/feed/stream");
        request.Headers.Add("Last-Event-ID", "2");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await factory.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var ids = new List<string>();
        while (ids.Count < 2 && await reader.ReadLineAsync(cancel.Token) is { } line)
            if (line.StartsWith("id: ", StringComparison.Ordinal)) ids.Add(line[4..]);
        Assert.Equal(["3", "4"], ids);
    }
}
