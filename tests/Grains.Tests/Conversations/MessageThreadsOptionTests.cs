namespace Engine.Tests.Conversations;

using Engine.Conversations;
using Engine.Hosting;
using Microsoft.Extensions.Options;

/// <summary>With <see cref="EngineOptions.LegacyMessageDirectory"/> off, an index miss reads no legacy directory grain.</summary>
public sealed class MessageThreadsOptionTests
{
    [Fact]
    public async Task With_the_legacy_directory_off_a_miss_is_answered_from_the_index_alone()
    {
        var store = new InMemoryConversationStore(Engine.Persistence.StoredPayloads.Standalone);
        // No grain factory at all: touching the legacy directory would throw.
        var threads = new MessageThreads(store, grains: null!, Options.Create(new EngineOptions { LegacyMessageDirectory = false }));

        Assert.Null(await threads.Find("acme", ChannelKind.X, "never-stored", CancellationToken.None));
    }

    [Fact]
    public async Task With_the_legacy_directory_off_a_stored_message_is_still_found()
    {
        var store = new InMemoryConversationStore(Engine.Persistence.StoredPayloads.Standalone);
        var conversation = Guid.NewGuid();
        var summary = new ConversationSummary(conversation, "acme", null, ConversationStatus.Open, Priority.Normal,
            [ChannelKind.X], 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "hi");
        await store.Append(conversation, 0, [], summary, [new IndexedMessage(ChannelKind.X, "m1", "t1")], CancellationToken.None);
        var threads = new MessageThreads(store, grains: null!, Options.Create(new EngineOptions { LegacyMessageDirectory = false }));

        Assert.Equal(new MessageThread("t1", conversation), await threads.Find("acme", ChannelKind.X, "m1", CancellationToken.None));
    }
}
