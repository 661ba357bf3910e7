namespace Engine.Tests.Conversations;

using Engine.Conversations;
using Engine.Hosting;
using Engine.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Replies that name only their parent (X Account Activity) find the parent's thread through the store's message index,
/// written with the append; threads recorded by older versions in the per-message directory grains are still found.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MessageThreadTests(ClusterFixture fixture)
{
    private readonly string _tenant = $"t{Guid.NewGuid():N}"[..12];
    private IInboundGrain Inbound => fixture.Client.GetGrain<IInboundGrain>(0);
    private IConversationStore Store => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IConversationStore>();

    private InboundMessage Message(string id, string? parent = null, string? threadKey = null) => new(
        _tenant, ChannelKind.X, Visibility.Public, id, new MessageAuthor(AuthorKind.Customer, "x:100"), $"text {id}",
        fixture.Clock.GetUtcNow(), fixture.Clock.GetUtcNow(), threadKey, parent);

    [Fact]
    public async Task Each_message_of_a_reply_chain_is_indexed_under_the_root_thread_and_its_conversation()
    {
        var root = await Inbound.Accept(Message("c1"));
        await Inbound.Accept(Message("c2", parent: "c1"));
        var last = await Inbound.Accept(Message("c3", parent: "c2"));

        Assert.Equal(root.ConversationId, last.ConversationId);
        foreach (var id in new[] { "c1", "c2", "c3" })
            Assert.Equal(new MessageThread("c1", root.ConversationId), await Store.FindMessage(_tenant, ChannelKind.X, id, CancellationToken.None));
    }

    [Fact]
    public async Task Ingesting_a_reply_chain_activates_no_message_directory_grain()
    {
        await Inbound.Accept(Message("d1"));
        await Inbound.Accept(Message("d2", parent: "d1"));
        await Inbound.Accept(Message("d3", parent: "d2"));
        await Inbound.Accept(Message("d3", parent: "d2")); // a redelivery

        var directoryType = fixture.Client.GetGrain<IMessageDirectoryGrain>("any").GetGrainId().Type;
        var active = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        Assert.DoesNotContain(active, g => g.GrainId.Type == directoryType && g.GrainId.Key.ToString()!.StartsWith(_tenant + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_whose_parent_only_an_older_version_recorded_still_joins_the_parents_thread()
    {
        // Stored before the upgrade: the conversation of thread "legacy-thread", and its message "legacy-parent", whose
        // thread only the legacy directory grain's state knows (older versions did not index messages in the store).
        var before = await Inbound.Accept(Message("legacy-root", threadKey: "legacy-thread"));
        var legacy = fixture.Client.GetGrain<IMessageDirectoryGrain>(ConversationKeys.Message(_tenant, ChannelKind.X, "legacy-parent"));
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(EngineStorage.Name);
        await storage.WriteStateAsync("message", legacy.GetGrainId(),
            new GrainState<MessageDirectoryState>(new MessageDirectoryState { ThreadKey = "legacy-thread" }));
        Assert.Null(await Store.FindMessage(_tenant, ChannelKind.X, "legacy-parent", CancellationToken.None));

        var reply = await Inbound.Accept(Message("after-upgrade", parent: "legacy-parent"));

        Assert.Equal(before.ConversationId, reply.ConversationId);
        Assert.Equal(new MessageThread("legacy-thread", before.ConversationId),
            await Store.FindMessage(_tenant, ChannelKind.X, "after-upgrade", CancellationToken.None));
        Assert.Equal(new MessageThread("legacy-thread", null),
            await fixture.Client.GetGrain<IMessageThreadGrain>(0).Find(_tenant, ChannelKind.X, "legacy-parent"));
    }

    [Fact]
    public async Task The_lookup_grain_answers_from_the_index_with_the_conversation()
    {
        var root = await Inbound.Accept(Message("g1"));
        var lookup = fixture.Client.GetGrain<IMessageThreadGrain>(0);

        Assert.Equal(new MessageThread("g1", root.ConversationId), await lookup.Find(_tenant, ChannelKind.X, "g1"));
        Assert.Null(await lookup.Find(_tenant, ChannelKind.X, "never-seen"));
        Assert.Null(await lookup.Find("another-tenant", ChannelKind.X, "g1"));
    }
}
