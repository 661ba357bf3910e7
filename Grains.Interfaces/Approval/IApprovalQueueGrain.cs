namespace Engine.Approval;

using Engine.Conversations;

/// <summary>What kind of outbound text a draft holds: a reply, an invitation to private, or a close-the-loop follow-up.</summary>
[GenerateSerializer, Alias("engine.DraftKind")]
public enum DraftKind { Reply, InvitePrivate, FollowUp }

/// <summary>One draft waiting for a reviewer, as the tenant's queue lists it.</summary>
[GenerateSerializer, Alias("engine.PendingDraft")]
public sealed record PendingDraft(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] Guid DraftId,
    [property: Id(2)] DraftKind Kind,
    [property: Id(3)] int ThreadId,
    [property: Id(4)] ChannelKind Channel,
    [property: Id(5)] Visibility Visibility,
    [property: Id(6)] string AgentId,
    [property: Id(7)] string Text,
    [property: Id(8)] IReadOnlyList<string> Reasons,
    [property: Id(9)] IReadOnlyList<string> Reviewers,
    [property: Id(10)] DateTimeOffset DraftedAt);

/// <summary>
/// The tenant's index of drafts waiting for a reviewer. Key: tenant id. Each conversation tells it, after every commit
/// that touched its drafts, the full set it still holds (with its version, so an older report never wins), and again
/// after activation, so a lost update is repaired.
/// </summary>
[Alias("engine.IApprovalQueueGrain")]
public interface IApprovalQueueGrain : IGrainWithStringKey
{
    Task Update(Guid conversationId, long version, IReadOnlyList<PendingDraft> pending);

    /// <summary>Oldest first; only drafts <paramref name="reviewerId"/> may decide when given.</summary>
    Task<IReadOnlyList<PendingDraft>> Pending(string? reviewerId, int limit);
}
