namespace Engine.Tests.Channels;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;

/// <summary>X <c>favorite_events</c> carry the liked tweet's counters: they feed its velocity, risk and the early warning.</summary>
public sealed class XEngagementTests(WebhookTests.ChannelEngine engine) : IClassFixture<WebhookTests.ChannelEngine>
{
    private const string Tenant = "likes";
    private readonly HttpClient _http = engine.CreateClient();

    private async Task<JsonObject> Deliver(JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/x/{Tenant}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("x-twitter-webhooks-signature",
            "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("x-consumer-secret"), bytes)));
        var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ApiClient.Json(response);
    }

    /// <summary>The shape X documents for a like: the liked tweet (with its counters) and who liked it.</summary>
    private static JsonObject Like(string tweetId, long timestampMs, long likes, long retweets, long replies) => new()
    {
        ["for_user_id"] = "999",
        ["favorite_events"] = new JsonArray(new JsonObject
        {
            ["id"] = $"fav-{timestampMs}",
            ["created_at"] = "Thu Nov 15 23:33:30 +0000 2018",
            ["timestamp_ms"] = timestampMs,
            ["favorited_status"] = new JsonObject
            {
                ["id_str"] = tweetId, ["favorite_count"] = likes, ["retweet_count"] = retweets, ["reply_count"] = replies, ["quote_count"] = 0,
            },
            ["user"] = new JsonObject { ["id_str"] = "777", ["screen_name"] = "fan" },
        }),
    };

    [Fact]
    public async Task Likes_with_fast_growing_counters_rescore_the_tweet_and_raise_a_spike_alert()
    {
        // The captured tweet, delivered to another subscribed account, so it is a customer's mention.
        var capture = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SharedData, "webhooks", "x-account-activity", "webhook1_tweet.json")))!;
        var tweet = capture["params"]!;
        tweet["for_user_id"] = "999";
        Assert.Equal(1, (int)(await Deliver(tweet))["accepted"]!);
        const string tweetId = "1063212927510081536";
        var start = new DateTimeOffset(2018, 11, 15, 23, 40, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        Assert.Equal(1, (int)(await Deliver(Like(tweetId, start, likes: 5, retweets: 0, replies: 0)))["engagement"]!);
        await Deliver(Like(tweetId, start + 120_000, likes: 305, retweets: 40, replies: 10));

        var feed = (await ApiClient.Json(await _http.GetAsync($"/api/v1/tenants/{Tenant}/supervisor/feed")))["events"]!.AsArray();
        Assert.Contains(tweetId, (string?)Assert.Single(feed)!["text"]);
        var id = (string?)(await ApiClient.Json(await _http.GetAsync($"/api/v1/tenants/{Tenant}/conversations")))["items"]![0]!["id"];
        var view = await ApiClient.Json(await _http.GetAsync($"/api/v1/tenants/{Tenant}/conversations/{id}"));
        var risk = view["threads"]![0]!["messages"]![0]!["risk"]!;
        Assert.Contains(risk["reasons"]!.AsArray(), r => (string?)r!["text"] == "engagement 220/min");
    }
}
