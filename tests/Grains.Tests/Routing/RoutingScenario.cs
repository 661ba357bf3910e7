namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;

/// <summary>One tenant on a test cluster, with the calls routing tests make over and over.</summary>
internal sealed class RoutingScenario(IGrainFactory grains, TimeProvider clock, string? tenant = null)
{
    public string Tenant { get; } = tenant ?? $"r{Guid.NewGuid():N}"[..12];

    public ITenantRoutingGrain Routing => grains.GetGrain<ITenantRoutingGrain>(Tenant);

    public IAgentGrain Agent(string id) => grains.GetGrain<IAgentGrain>(AgentKeys.Agent(Tenant, id));

    public IConversationGrain Conversation(Guid id) => grains.GetGrain<IConversationGrain>(id);

    public IQueueGrain Partition(string queueId, int partition = 0) => grains.GetGrain<IQueueGrain>(QueueKeys.Partition(Tenant, queueId, partition));

    public async Task<IAgentGrain> AddAgent(string id, int social = 5, int chat = 2, string[]? queues = null,
        Dictionary<string, int>? skills = null, bool available = true)
    {
        var agent = Agent(id);
        await agent.SetProfile(new AgentProfile(id, skills ?? new Dictionary<string, int>(),
            new Dictionary<WorkKind, int> { [WorkKind.Social] = social, [WorkKind.Chat] = chat }, queues ?? ["general"]));
        if (available) Assert.Null(await agent.SetPresence(Presence.Available, id));
        return agent;
    }

    /// <summary>A customer's first message on X: a new conversation, which enters the tenant's default queue.</summary>
    public async Task<Guid> NewConversation(ChannelKind channel = ChannelKind.X)
    {
        var id = $"m{Guid.NewGuid():N}";
        var outcome = await grains.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(Tenant, channel,
            channel == ChannelKind.X ? Visibility.Public : Visibility.Private, id,
            new MessageAuthor(AuthorKind.Customer, $"x:{id}"), "help", clock.GetUtcNow(), clock.GetUtcNow()));
        return outcome.ConversationId;
    }

    public async Task<ConversationView> View(Guid conversationId) =>
        await Conversation(conversationId).Get(Tenant) ?? throw new Xunit.Sdk.XunitException($"no conversation {conversationId}");

    public async Task<AgentView> View(string agentId) =>
        await Agent(agentId).Get() ?? throw new Xunit.Sdk.XunitException($"no agent {agentId}");

    /// <summary>The agent's pending offer for the conversation, once it has arrived.</summary>
    public async Task<Offer> OfferTo(string agentId, Guid conversationId) =>
        await Eventually(async () => (await View(agentId)).Offers.SingleOrDefault(o => o.ConversationId == conversationId),
            $"{agentId} never got an offer for {conversationId}");

    public static async Task<T> Eventually<T>(Func<Task<T?>> probe, string failure, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (await probe() is { } found && found is not false) return found;
            if (Environment.TickCount64 > deadline) throw new Xunit.Sdk.XunitException(failure);
            await Task.Delay(20);
        }
    }

    public static Task Eventually(Func<Task<bool>> probe, string failure, int timeoutMs = 15_000) =>
        Eventually<object>(async () => await probe() ? true : null, failure, timeoutMs);
}
