namespace Engine.Gateway.Channels;

using System.Text.Json;
using Engine.Conversations;
using static PlatformJson;

/// <summary>
/// Translates a Messenger (<c>object: page</c>) or Instagram messaging (<c>object: instagram</c>) delivery. Each
/// customer has one private thread per page (<c>{page}:{customer}</c>). Messages the page itself sent come back as
/// echoes and count as the brand's. Messages in <c>standby</c> (another app holds thread control) are still the
/// customer's words and are kept. Hand-over events (pass, take, request thread control) are recorded on the thread's
/// conversation; referral, read and delivery events carry no message and are ignored.
/// </summary>
public static class MetaMessaging
{
    public static ChannelTranslation Translate(string tenant, JsonElement body, DateTimeOffset received)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new ChannelPayloadException("$", "Expected a JSON object.");
        var channel = RequiredString(body, "object", "$") switch
        {
            "page" => ChannelKind.Messenger,
            "instagram" => ChannelKind.Instagram,
            var other => throw new ChannelPayloadException("$.object", $"'{other}' is not a messaging object (page or instagram)."),
        };
        var messages = new List<InboundMessage>();
        var controls = new List<ThreadControlChange>();
        var ignored = 0;
        var e = 0;
        foreach (var entry in Required(body, "entry", "$", JsonValueKind.Array).EnumerateArray())
        {
            var entryPath = $"$.entry[{e++}]";
            var page = Required(entry, "id", entryPath, JsonValueKind.String).GetString()!;
            foreach (var list in new[] { "messaging", "standby" })
            {
                if (Optional(entry, list, JsonValueKind.Array) is not { } events) continue;
                var i = 0;
                foreach (var item in events.EnumerateArray())
                {
                    var path = $"{entryPath}.{list}[{i++}]";
                    if (Optional(item, "message", JsonValueKind.Object) is { } message)
                        messages.Add(Message(tenant, channel, page, item, message, path, received));
                    else if (Control(channel, page, item, received) is { } control)
                        controls.Add(control);
                    else
                        ignored++;
                }
            }
        }
        return new ChannelTranslation(messages, ignored, controls);
    }

    private static readonly (string Field, ThreadControlKind Kind, string AppField)[] ControlFields =
    [
        ("pass_thread_control", ThreadControlKind.Pass, "new_owner_app_id"),
        ("take_thread_control", ThreadControlKind.Take, "previous_owner_app_id"),
        ("request_thread_control", ThreadControlKind.Request, "requested_owner_app_id"),
    ];

    /// <summary>A hand-over on the customer's thread with the page; the customer is the sender, as for a message.</summary>
    private static ThreadControlChange? Control(ChannelKind channel, string page, JsonElement item, DateTimeOffset received)
    {
        foreach (var (field, kind, appField) in ControlFields)
        {
            if (Optional(item, field, JsonValueKind.Object) is not { } control) continue;
            if (Optional(item, "sender", JsonValueKind.Object) is not { } sender || OptionalString(sender, "id") is not { } customer) return null;
            var app = control.TryGetProperty(appField, out var id) ? id.ToString() : null;
            var at = Optional(item, "timestamp", JsonValueKind.Number) is { } t && t.TryGetInt64(out var ms)
                ? PlausibleMillis(ms, received) : received;
            return new ThreadControlChange(channel, $"{page}:{customer}", kind, app, OptionalString(control, "metadata"), at);
        }
        return null;
    }

    private static InboundMessage Message(string tenant, ChannelKind channel, string page, JsonElement item, JsonElement message,
        string path, DateTimeOffset received)
    {
        var sender = RequiredString(Required(item, "sender", path, JsonValueKind.Object), "id", $"{path}.sender");
        var recipient = RequiredString(Required(item, "recipient", path, JsonValueKind.Object), "id", $"{path}.recipient");
        var mid = RequiredString(message, "mid", $"{path}.message");
        var timestamp = Required(item, "timestamp", path, JsonValueKind.Number);
        if (!timestamp.TryGetInt64(out var millis))
            throw new ChannelPayloadException($"{path}.timestamp", "Expected milliseconds since 1970.");
        var echo = Optional(message, "is_echo", JsonValueKind.True) is not null;
        var customer = echo ? recipient : sender;
        var prefix = channel == ChannelKind.Instagram ? "instagram" : "messenger";
        var attachments = Optional(message, "attachments", JsonValueKind.Array)?.EnumerateArray()
            .Select(a => Optional(a, "payload", JsonValueKind.Object) is { } p ? OptionalString(p, "url") : null)
            .OfType<string>().ToList();
        var replyTo = Optional(message, "reply_to", JsonValueKind.Object) is { } r ? OptionalString(r, "mid") : null;
        return new InboundMessage(tenant, channel, Visibility.Private, mid,
            new MessageAuthor(echo ? AuthorKind.Agent : AuthorKind.Customer, $"{prefix}:{sender}"),
            OptionalString(message, "text") ?? "", PlausibleMillis(millis, received), received,
            ThreadKey: $"{page}:{customer}", InReplyTo: replyTo, Attachments: attachments is { Count: > 0 } ? attachments : null,
            CustomerIdentity: echo ? $"{prefix}:{customer}" : null);
    }
}
