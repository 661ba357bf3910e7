namespace Engine.Tests.Approval;

using Engine.Approval;
using Engine.Conversations;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

/// <summary>Drafts and decisions survive the stored form (events and snapshots), so a restarted silo holds the same drafts.</summary>
public sealed class ApprovalPayloadTests
{
    private static readonly StoredPayloads Payloads = StoredPayloads.Standalone;

    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Draft_events_and_a_snapshot_holding_them_read_back_the_same()
    {
        var draftId = Guid.NewGuid();
        var drafted = new ReplyDrafted(T0, draftId, DraftKind.InvitePrivate, 1, "agent-1", "Please DM us", ["public: public"], ["legal-1"],
            "desk-1", [], ChannelKind.X, "CASE-12");
        var approved = new DraftApproved(T0.AddMinutes(3), draftId, "legal-1", "Please DM us", "Please DM us, John", "engine-1");
        var rejected = new DraftRejected(T0.AddMinutes(4), Guid.NewGuid(), "legal-1", "tone");

        var back = Assert.IsType<ReplyDrafted>(Payloads.Event(Payloads.Event(drafted)));
        Assert.Equal((drafted.DraftId, drafted.Kind, drafted.InviteChannel, drafted.CaseReference, drafted.ClientMessageId),
            (back.DraftId, back.Kind, back.InviteChannel, back.CaseReference, back.ClientMessageId));
        Assert.Equal(drafted.Reasons, back.Reasons);
        Assert.Equal(drafted.Reviewers, back.Reviewers);
        Assert.Equal(approved, Payloads.Event(Payloads.Event(approved)));
        Assert.Equal(rejected, Payloads.Event(Payloads.Event(rejected)));

        var state = new ConversationState(Guid.NewGuid());
        state.Apply(new ConversationStarted(T0, "acme", null, null));
        state.Apply(new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, "t"));
        state.Apply(drafted);
        state.Apply(approved);
        var restored = ConversationState.FromSnapshot(state.Id, Payloads.Snapshot(Payloads.Snapshot(state.ToSnapshot())));
        Assert.Equal("Please DM us, John", Assert.IsType<DraftApproved>(restored.Draft(draftId)!.Decision).TextAfter);
        Assert.Empty(restored.PendingDrafts);
    }
}
