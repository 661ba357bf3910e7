namespace Engine.Tests.Hosting;

using Engine.Conversations;
using Engine.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public void The_same_key_gives_the_same_reference_and_another_key_another()
    {
        var references = new GrainReferences(fixture.Client);
        var id = Guid.NewGuid();

        Assert.Same(references.Get<IConversationGrain>(id), references.Get<IConversationGrain>(id));
        Assert.NotEqual(references.Get<IConversationGrain>(id).GetGrainId(), references.Get<IConversationGrain>(Guid.NewGuid()).GetGrainId());
        Assert.Same(references.Get<IThreadDirectoryGrain>("acme/X/1"), references.Get<IThreadDirectoryGrain>("acme/X/1"));
        Assert.Equal(fixture.Client.GetGrain<IThreadDirectoryGrain>("acme/X/1").GetGrainId(), references.Get<IThreadDirectoryGrain>("acme/X/1").GetGrainId());
    }

    [Fact]
    public void Past_the_bound_the_cache_starts_over_and_still_answers_the_right_grain()
    {
        var references = new GrainReferences(fixture.Client, bound: 3);
        var first = references.Get<IConversationGrain>(Guid.Empty);
        for (var i = 0; i < 3; i++) references.Get<IConversationGrain>(Guid.NewGuid());

        var again = references.Get<IConversationGrain>(Guid.Empty);
        Assert.NotSame(first, again);
        Assert.Equal(first.GetGrainId(), again.GetGrainId());
    }

    [Fact]
    public void The_inbound_entry_of_a_thread_is_one_kept_reference_to_its_numbered_grain()
    {
        var message = new InboundMessage("acme", ChannelKind.Messenger, Visibility.Private, "m-1",
            new MessageAuthor(AuthorKind.Customer, "m:1"), "hi", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ThreadKey: "t-42");

        var entry = InboundEntry.For(fixture.Client, message);
        Assert.Same(entry, InboundEntry.For(fixture.Client, message with { PlatformMessageId = "m-2" }));
        Assert.Equal(fixture.Client.GetGrain<IInboundGrain>(InboundEntry.Entry(message)).GetGrainId(), entry.GetGrainId());
    }
}
