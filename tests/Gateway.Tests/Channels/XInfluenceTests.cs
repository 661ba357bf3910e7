namespace Engine.Tests.Channels;

using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Gateway.Channels;

/// <summary>The X adapter reads the author's reach from the captured deliveries (shared/data/webhooks).</summary>
public sealed class XInfluenceTests
{
    private static readonly DateTimeOffset Received = new(2018, 11, 16, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The capture's body; with another subscribed account, so its author is a customer rather than the brand.</summary>
    private static JsonElement Delivery(string name, string? forUser = null)
    {
        var capture = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SharedData, "webhooks", "x-account-activity", name)))!;
        var body = capture["params"]!;
        if (forUser is not null) body["for_user_id"] = forUser;
        return JsonDocument.Parse(body.ToJsonString()).RootElement;
    }

    [Fact]
    public void A_customers_tweet_carries_the_authors_followers_and_verified_flag()
    {
        var message = Assert.Single(XAccountActivity.Translate("acme", Delivery("webhook1_tweet.json", forUser: "999"), Received).Messages);
        Assert.Equal((427L, false), (message.Influence!.Followers, message.Influence.Verified));
    }

    [Fact]
    public void A_customers_direct_message_takes_the_senders_profile_from_the_users_map()
    {
        var message = Assert.Single(XAccountActivity.Translate("acme", Delivery("webhook1_direct_message.json", forUser: "999"), Received).Messages);
        Assert.Equal(426L, message.Influence!.Followers);
    }

    [Fact]
    public void The_brands_own_messages_carry_no_influence()
    {
        Assert.All(XAccountActivity.Translate("acme", Delivery("webhook1_tweet.json"), Received).Messages, m => Assert.Null(m.Influence));
        Assert.All(XAccountActivity.Translate("acme", Delivery("webhook1_direct_message.json"), Received).Messages, m => Assert.Null(m.Influence));
    }
}
