namespace Engine.Gateway.Realtime;

using Engine.Channels;
using Engine.Conversations;
using Engine.Gateway.Security;
using Engine.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

/// <summary>
/// <c>/hubs/events</c>: signed-in people and web-chat visitors follow streams of their own tenant. Subscribing joins
/// the stream's group first and then reads the replay, so nothing falls between the two; an event may come both
/// ways, and clients drop a sequence number they already hold.
/// </summary>
[Authorize]
public sealed class EventsHub(IGrainFactory grains, RealtimeFanout fanout) : Hub
{
    private const int ReplayLimit = 1_000;
    private const string StreamsItem = "streams";
    private static readonly TimeSpan TypingRepeatAfter = TimeSpan.FromSeconds(2);

    public async Task<SubscribeResult> Subscribe(string stream, long after)
    {
        var grant = await Authorize(stream);
        if (after < 0) throw new HubException("'after' must be 0 or more.");
        var streams = Streams();
        await Groups.AddToGroupAsync(Context.ConnectionId, grant.Key);
        bool added;
        lock (streams) added = streams.Add(grant.Key);
        if (added)
        {
            try
            {
                await fanout.Join(grant.Key);
            }
            catch
            {
                // Not subscribed after all: a retry of Subscribe must join again.
                lock (streams) streams.Remove(grant.Key);
                fanout.Leave(grant.Key);
                throw;
            }
        }
        var replay = await grains.GetGrain<IRealtimeStreamGrain>(grant.Key).After(after, ReplayLimit);
        return new SubscribeResult(grant.Stream, replay.Events.Select(RealtimeEventMessage.From).ToList(), replay.Latest, replay.Gap);
    }

    public async Task Unsubscribe(string stream)
    {
        var (grant, _) = StreamAccess.Check(Context.User!, stream);
        if (grant is null) return;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, grant.Key);
        var streams = Streams();
        bool removed;
        lock (streams) removed = streams.Remove(grant.Key);
        if (removed) fanout.Leave(grant.Key);
    }

    /// <summary>Relays a typing indicator: an agent's to the conversation and its web-chat visitor, the visitor's to
    /// the conversation and its agent. Nothing else is stored.</summary>
    public async Task Typing(string conversationId, bool typing)
    {
        var user = Context.User!;
        if (!Guid.TryParse(conversationId, out var id)) throw new HubException("'conversationId' must be a conversation id.");
        var tenant = user.TenantOf() ?? throw new HubException("Not signed in to a tenant.");
        if (Repeated(id, typing)) return;
        var conversation = grains.GetGrain<IConversationGrain>(id);
        var targets = new List<string> { RealtimeStreams.Conversation(id) };
        object data;
        if (user.IsInRole(EngineRoles.Customer))
        {
            await RequireVisitorOf(id);
            if ((await conversation.Routing(tenant))?.Assignee is { } agent) targets.Add(RealtimeStreams.Agent(agent));
            data = new { conversationId = id, who = "customer", typing };
        }
        else if (user.HasAnyRole(EnginePolicies.Roles[EnginePolicies.Desk]))
        {
            var view = await conversation.Get(tenant) ?? throw new HubException($"No conversation {id} in this tenant.");
            if (view.Threads.Any(t => t.Channel == ChannelKind.Webchat)) targets.Add(RealtimeStreams.WebChat(id));
            data = new { conversationId = id, who = user.SubjectOf(), name = user.FindFirst(EngineClaims.Name)?.Value, typing };
        }
        else
        {
            throw new HubException("Only agents, supervisors, admins and the conversation's visitor may type in it.");
        }
        var publication = new RealtimePublication("typing", id, RealtimePublishing.Data(data));
        grains.Post(tenant, targets.Select(stream => (stream, publication)));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        var streams = Streams();
        string[] keys;
        lock (streams) keys = [.. streams];
        foreach (var key in keys) fanout.Leave(key);
        return base.OnDisconnectedAsync(exception);
    }

    private async Task<StreamGrant> Authorize(string stream)
    {
        var (grant, refusal) = StreamAccess.Check(Context.User!, stream);
        if (grant is null) throw new HubException(refusal);
        if (grant.WebChatConversation is { } chat) await RequireVisitorOf(chat);
        return grant;
    }

    private async Task RequireVisitorOf(Guid conversationId)
    {
        var user = Context.User!;
        var visitor = await grains.GetGrain<IWebChatVisitorGrain>(WebChatKeys.Visitor(user.TenantOf()!, user.SubjectOf()!)).Get();
        if (visitor?.ConversationId != conversationId)
            throw new HubException("You are not the web-chat visitor of this conversation.");
    }

    /// <summary>Typing indicators are stored like any event: the same state again within a short while is not relayed.</summary>
    private bool Repeated(Guid conversationId, bool typing)
    {
        var key = $"typing:{conversationId:N}";
        var now = DateTimeOffset.UtcNow;
        lock (Context.Items)
        {
            if (Context.Items.TryGetValue(key, out var last) && last is (bool was, DateTimeOffset at) && was == typing && now - at < TypingRepeatAfter)
                return true;
            Context.Items[key] = (typing, now);
            return false;
        }
    }

    private HashSet<string> Streams()
    {
        if (Context.Items.TryGetValue(StreamsItem, out var found) && found is HashSet<string> streams) return streams;
        lock (Context.Items)
        {
            if (Context.Items.TryGetValue(StreamsItem, out found) && found is HashSet<string> again) return again;
            var created = new HashSet<string>(StringComparer.Ordinal);
            Context.Items[StreamsItem] = created;
            return created;
        }
    }
}
