namespace Engine.Gateway.Channels;

using System.Globalization;
using System.Text.Json;
using Engine.Conversations;
using Engine.Insight;
using static PlatformJson;

/// <summary>
/// Translates an X Account Activity delivery (<c>tweet_create_events</c>, <c>direct_message_events</c>) for the
/// subscribed brand account <c>for_user_id</c>. Tweets by the brand itself are its public replies; other tweets are
/// customers'. DMs form one private thread per customer (<c>dm:{customer id}</c>). Other event kinds are ignored.
/// </summary>
public static class XAccountActivity
{
    private const string TweetTimeFormat = "ddd MMM dd HH:mm:ss zzz yyyy";

    public static ChannelTranslation Translate(string tenant, JsonElement body, DateTimeOffset received)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new ChannelPayloadException("$", "Expected a JSON object.");
        var brand = RequiredString(body, "for_user_id", "$");
        var messages = new List<InboundMessage>();
        var ignored = 0;

        if (Optional(body, "tweet_create_events", JsonValueKind.Array) is { } tweets)
        {
            var i = 0;
            foreach (var tweet in tweets.EnumerateArray())
                messages.Add(Tweet(tenant, brand, tweet, $"$.tweet_create_events[{i++}]", received));
        }
        if (Optional(body, "direct_message_events", JsonValueKind.Array) is { } directMessages)
        {
            var i = 0;
            foreach (var dm in directMessages.EnumerateArray())
            {
                var path = $"$.direct_message_events[{i++}]";
                if (OptionalString(dm, "type") == "message_create") messages.Add(DirectMessage(tenant, brand, dm, body, path, received));
                else ignored++;
            }
        }
        var engagement = new List<EngagementUpdate>();
        if (Optional(body, "favorite_events", JsonValueKind.Array) is { } favorites)
        {
            var i = 0;
            foreach (var favorite in favorites.EnumerateArray())
            {
                if (Counters(favorite, $"$.favorite_events[{i++}]", received) is { } update) engagement.Add(update);
                else ignored++;
            }
        }
        foreach (var property in body.EnumerateObject())
            if (property.Name.EndsWith("_events", StringComparison.Ordinal)
                && property.Name is not ("tweet_create_events" or "direct_message_events" or "favorite_events")
                && property.Value.ValueKind == JsonValueKind.Array)
                ignored += property.Value.GetArrayLength();
        return new ChannelTranslation(messages, ignored, Engagement: engagement);
    }

    /// <summary>
    /// A like of a tweet carries the liked tweet with its counters at that moment: that is an engagement sample for it
    /// (quotes count as reposts). A like without counters says nothing about velocity and is ignored.
    /// </summary>
    private static EngagementUpdate? Counters(JsonElement favorite, string path, DateTimeOffset received)
    {
        var status = Required(favorite, "favorited_status", path, JsonValueKind.Object);
        var id = RequiredString(status, "id_str", $"{path}.favorited_status");
        if (Count(status, "favorite_count") is not { } likes) return null;
        var at = Optional(favorite, "timestamp_ms", JsonValueKind.Number) is { } ms && ms.TryGetInt64(out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : OptionalString(favorite, "timestamp_ms") is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? DateTimeOffset.FromUnixTimeMilliseconds(parsed) : received;
        return new EngagementUpdate(ChannelKind.X, id, new EngagementSample(Plausible(at, received), likes,
            (Count(status, "retweet_count") ?? 0) + (Count(status, "quote_count") ?? 0), Count(status, "reply_count") ?? 0));
    }

    private static long? Count(JsonElement parent, string name) =>
        Optional(parent, name, JsonValueKind.Number) is { } n && n.TryGetInt64(out var value) && value >= 0 ? value : null;

    private static InboundMessage Tweet(string tenant, string brand, JsonElement tweet, string path, DateTimeOffset received)
    {
        var id = RequiredString(tweet, "id_str", path);
        var user = Required(tweet, "user", path, JsonValueKind.Object);
        var userId = RequiredString(user, "id_str", $"{path}.user");
        var createdAt = RequiredString(tweet, "created_at", path);
        if (!DateTimeOffset.TryParseExact(createdAt, TweetTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            throw new ChannelPayloadException($"{path}.created_at", $"'{createdAt}' is not an X time such as 'Thu Nov 15 23:31:30 +0000 2018'.");
        // Long tweets carry their whole text in extended_tweet; the top-level text is cut at 140 characters.
        var text = Optional(tweet, "extended_tweet", JsonValueKind.Object) is { } extended
            ? OptionalString(extended, "full_text") : null;
        text ??= OptionalString(tweet, "text") ?? "";
        var byBrand = userId == brand;
        var replyTo = OptionalString(tweet, "in_reply_to_status_id_str");
        var addressed = OptionalString(tweet, "in_reply_to_user_id_str");
        return new InboundMessage(tenant, ChannelKind.X, Visibility.Public, id,
            new MessageAuthor(byBrand ? AuthorKind.Agent : AuthorKind.Customer, $"x:{userId}", OptionalString(user, "screen_name")),
            text, Plausible(at, received), received, ThreadKey: null, InReplyTo: replyTo, Attachments: Media(tweet),
            CustomerIdentity: byBrand && addressed is not null && addressed != brand ? $"x:{addressed}" : null,
            Influence: byBrand ? null : Influence(user));
    }

    private static InboundMessage DirectMessage(string tenant, string brand, JsonElement dm, JsonElement body, string path, DateTimeOffset received)
    {
        var id = RequiredString(dm, "id", path);
        var created = RequiredString(dm, "created_timestamp", path);
        if (!long.TryParse(created, NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
            throw new ChannelPayloadException($"{path}.created_timestamp", "Expected milliseconds since 1970 as a string.");
        var create = Required(dm, "message_create", path, JsonValueKind.Object);
        var sender = RequiredString(create, "sender_id", $"{path}.message_create");
        var recipient = RequiredString(Required(create, "target", $"{path}.message_create", JsonValueKind.Object),
            "recipient_id", $"{path}.message_create.target");
        var data = Required(create, "message_data", $"{path}.message_create", JsonValueKind.Object);
        var byBrand = sender == brand;
        var customer = byBrand ? recipient : sender;
        var profile = Optional(body, "users", JsonValueKind.Object) is { } users ? Optional(users, sender, JsonValueKind.Object) : null;
        var screenName = profile is { } p ? OptionalString(p, "screen_name") : null;
        var attachment = Optional(data, "attachment", JsonValueKind.Object) is { } a
            && Optional(a, "media", JsonValueKind.Object) is { } media && OptionalString(media, "media_url_https") is { } url
            ? new[] { url } : null;
        return new InboundMessage(tenant, ChannelKind.X, Visibility.Private, id,
            new MessageAuthor(byBrand ? AuthorKind.Agent : AuthorKind.Customer, $"x:{sender}", screenName),
            OptionalString(data, "text") ?? "", PlausibleMillis(millis, received), received,
            ThreadKey: $"dm:{customer}", Attachments: attachment, CustomerIdentity: byBrand ? $"x:{customer}" : null,
            Influence: !byBrand && profile is { } author ? Influence(author) : null);
    }

    /// <summary>The author's reach from an X user object (<c>followers_count</c>, <c>verified</c>); null when it has neither.</summary>
    private static AuthorInfluence? Influence(JsonElement user)
    {
        var followers = Optional(user, "followers_count", JsonValueKind.Number) is { } count && count.TryGetInt64(out var n) && n >= 0 ? n : (long?)null;
        var verified = user.TryGetProperty("verified", out var v) && v.ValueKind == JsonValueKind.True;
        return followers is null && !verified ? null : new AuthorInfluence(followers ?? 0, verified);
    }

    private static IReadOnlyList<string>? Media(JsonElement tweet)
    {
        var entities = Optional(tweet, "extended_entities", JsonValueKind.Object) ?? Optional(tweet, "entities", JsonValueKind.Object);
        if (entities is not { } e || Optional(e, "media", JsonValueKind.Array) is not { } media) return null;
        var urls = media.EnumerateArray().Select(m => OptionalString(m, "media_url_https")).OfType<string>().ToList();
        return urls.Count == 0 ? null : urls;
    }
}
