namespace Engine.Tests.Channels;

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>The platforms' captured deliveries (shared/data/webhooks), signed as the platforms sign them.</summary>
public sealed class WebhookTests : IClassFixture<WebhookTests.ChannelEngine>
{
    private const string XSecret = "x-consumer-secret";
    private const string MetaSecret = "meta-app-secret";

    public sealed class ChannelEngine : EngineApiFactory
    {
        public ChannelEngine()
        {
            foreach (var tenant in new[] { "zammad", "pages", "bad-sig", "shape", "handover", "likes" })
            {
                With($"Channels:Tenants:{tenant}:XConsumerSecret", XSecret);
                With($"Channels:Tenants:{tenant}:MetaAppSecret", MetaSecret);
                With($"Channels:Tenants:{tenant}:MetaVerifyToken", "verify-me");
            }
        }
    }

    private readonly HttpClient _http;

    public WebhookTests(ChannelEngine engine) => _http = engine.CreateClient();

    private static byte[] XFixture(string name)
    {
        var capture = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SharedData, "webhooks", "x-account-activity", name)))!;
        return Encoding.UTF8.GetBytes(capture["params"]!.ToJsonString());
    }

    private static byte[] MetaFixture(string name) =>
        File.ReadAllBytes(Path.Combine(RepositoryPaths.SharedData, "webhooks", "messenger", name));

    private static string XSignature(byte[] body) => "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(XSecret), body));

    private static string MetaSignature(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(MetaSecret), body));

    private Task<HttpResponseMessage> Post(string path, byte[] body, string header, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(header, signature);
        return _http.SendAsync(request);
    }

    private async Task<JsonArray> Conversations(string tenant) =>
        (await ApiClient.Json(await _http.GetAsync($"/api/v1/tenants/{tenant}/conversations")))["items"]!.AsArray();

    private async Task<JsonObject> Conversation(string tenant, string id) =>
        await ApiClient.Json(await _http.GetAsync($"/api/v1/tenants/{tenant}/conversations/{id}"));

    [Fact]
    public async Task The_X_crc_challenge_is_answered_with_the_hmac_of_the_token()
    {
        var answer = await ApiClient.Json(await _http.GetAsync("/webhooks/x/zammad?crc_token=challenge-123"));
        var expected = "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(XSecret), Encoding.UTF8.GetBytes("challenge-123")));
        Assert.Equal(expected, (string?)answer["response_token"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/webhooks/x/unknown-tenant?crc_token=a")).StatusCode);
    }

    [Fact]
    public async Task A_signed_X_tweet_and_dm_are_stored_and_a_redelivery_is_a_duplicate()
    {
        var tweet = XFixture("webhook1_tweet.json");
        var first = await ApiClient.Json(await Post("/webhooks/x/zammad", tweet, "x-twitter-webhooks-signature", XSignature(tweet)));
        var again = await ApiClient.Json(await Post("/webhooks/x/zammad", tweet, "x-twitter-webhooks-signature", XSignature(tweet)));
        var dm = XFixture("webhook1_direct_message.json");
        var direct = await ApiClient.Json(await Post("/webhooks/x/zammad", dm, "x-twitter-webhooks-signature", XSignature(dm)));

        Assert.Equal(1, (int?)first["accepted"]);
        Assert.Equal(1, (int?)again["duplicates"]);
        Assert.Equal(1, (int?)direct["accepted"]);
        var conversations = await Conversations("zammad");
        Assert.Equal(2, conversations.Count);
        var messages = new List<JsonNode>();
        foreach (var c in conversations)
            foreach (var thread in (await Conversation("zammad", (string)c!["id"]!))["threads"]!.AsArray())
                messages.AddRange(thread!["messages"]!.AsArray().Select(m => m!.DeepClone()));
        var posted = messages.Single(m => (string?)m["platformMessageId"] == "1063212927510081536");
        Assert.Equal("Hey @medenhofer !  #hello1234 https://t.co/f1kffFlwpN", (string?)posted["text"]);
        Assert.Equal("agent", (string?)posted["author"]!["kind"]);
        Assert.Equal("2018-11-15T23:31:30+00:00", (string?)posted["platformTimestamp"]);
        var privateMessage = messages.Single(m => (string?)m["platformMessageId"] == "1062015437679050760");
        Assert.Equal("Hey! Hello!", (string?)privateMessage["text"]);
        Assert.Equal("x:123", (string?)privateMessage["author"]!["identity"]);
    }

    [Fact]
    public async Task A_bad_or_missing_signature_gets_401_and_stores_nothing()
    {
        var tweet = XFixture("webhook1_tweet.json");
        var forged = await Post("/webhooks/x/bad-sig", tweet, "x-twitter-webhooks-signature", "sha256=" + Convert.ToBase64String(new byte[32]));
        var tampered = tweet.ToArray();
        tampered[^3] ^= 1;
        var altered = await Post("/webhooks/x/bad-sig", tampered, "x-twitter-webhooks-signature", XSignature(tweet));
        var meta = MetaFixture("Payload.json");
        var unsigned = await _http.PostAsync("/webhooks/meta/bad-sig", new ByteArrayContent(meta));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, altered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await Conversations("bad-sig"));
    }

    [Fact]
    public async Task A_signed_delivery_of_the_wrong_shape_gets_400_naming_the_path()
    {
        var body = Encoding.UTF8.GetBytes("""{"for_user_id":"1","tweet_create_events":[{"id_str":"5","created_at":"yesterday","user":{"id_str":"9"}}]}""");
        var response = await Post("/webhooks/x/shape", body, "x-twitter-webhooks-signature", XSignature(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiClient.Json(response))["errors"]!.AsObject().ContainsKey("$.tweet_create_events[0].created_at"));

        var truncated = Encoding.UTF8.GetBytes("""{"object":"page","entry":[{"id":"1",""");
        var broken = await Post("/webhooks/meta/shape", truncated, "X-Hub-Signature-256", MetaSignature(truncated));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty(await Conversations("shape"));
    }

    [Fact]
    public async Task Messenger_messages_are_kept_and_standby_and_hand_over_events_are_counted_as_ignored()
    {
        var message = MetaFixture("Payload.json");
        var standby = MetaFixture("PayloadWithStandby.json");
        var handOver = MetaFixture("PayloadWithPassThreadControl.json");

        var first = await ApiClient.Json(await Post("/webhooks/meta/pages", message, "X-Hub-Signature-256", MetaSignature(message)));
        var withStandby = await ApiClient.Json(await Post("/webhooks/meta/pages", standby, "X-Hub-Signature-256", MetaSignature(standby)));
        var control = await ApiClient.Json(await Post("/webhooks/meta/pages", handOver, "X-Hub-Signature-256", MetaSignature(handOver)));

        Assert.Equal((1, 0, 0), ((int)first["accepted"]!, (int)first["duplicates"]!, (int)first["ignored"]!));
        // The same message again, plus two standby entries that carry no message.
        Assert.Equal((0, 1, 2), ((int)withStandby["accepted"]!, (int)withStandby["duplicates"]!, (int)withStandby["ignored"]!));
        Assert.Equal((0, 0, 1), ((int)control["accepted"]!, (int)control["duplicates"]!, (int)control["ignored"]!));

        var conversation = await Conversation("pages", (string)(await Conversations("pages")).Single()!["id"]!);
        var thread = conversation["threads"]!.AsArray().Single()!;
        Assert.Equal("messenger", (string?)thread["channel"]);
        Assert.Equal("private", (string?)thread["visibility"]);
        Assert.Equal("0:0", (string?)thread["threadKey"]);
        Assert.Equal("messenger:0", (string?)thread["messages"]![0]!["author"]!["identity"]);
    }

    [Fact]
    public async Task The_meta_verification_echoes_the_challenge_only_for_the_right_token()
    {
        var ok = await _http.GetAsync("/webhooks/meta/pages?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=8231");
        var wrong = await _http.GetAsync("/webhooks/meta/pages?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=8231");
        Assert.Equal("8231", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task A_hand_over_on_a_known_messenger_thread_is_recorded_and_does_not_restart_the_clock()
    {
        var message = MetaFixture("Payload.json");
        Assert.Equal(1, (int)(await ApiClient.Json(await Post("/webhooks/meta/handover", message, "X-Hub-Signature-256", MetaSignature(message))))["accepted"]!);
        var id = (string)(await Conversations("handover")).Single()!["id"]!;
        var before = (await Conversation("handover", id))["clock"]!["waitingSince"]!.ToString();
        var pass = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(MetaFixture("PayloadWithPassThreadControl.json")).Replace("fakeId", "0", StringComparison.Ordinal));

        var result = await ApiClient.Json(await Post("/webhooks/meta/handover", pass, "X-Hub-Signature-256", MetaSignature(pass)));

        Assert.Equal((1, 0), ((int)result["handOvers"]!, (int)result["ignored"]!));
        var conversation = await Conversation("handover", id);
        var control = conversation["routingHistory"]!.AsArray()[^1]!;
        Assert.Equal("thread-control:pass", (string?)control["kind"]);
        Assert.Equal("1234567890", (string?)control["by"]);
        Assert.Equal(before, conversation["clock"]!["waitingSince"]!.ToString());
    }
}
