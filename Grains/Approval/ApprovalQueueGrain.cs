namespace Engine.Approval;

using Engine.Hosting;

[GenerateSerializer, Alias("engine.ApprovalQueueState")]
public sealed class ApprovalQueueState
{
    /// <summary>Per conversation: the version of its last report and the drafts it still holds.</summary>
    [Id(0)] public Dictionary<Guid, ConversationDrafts> Conversations { get; set; } = [];
}

[GenerateSerializer, Alias("engine.ConversationDrafts")]
public sealed record ConversationDrafts(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<PendingDraft> Pending);

/// <summary>
/// The tenant's drafts queue. Only the conversations write it, each replacing its own entry, so it is an index: the
/// conversation's log is the truth, and a conversation re-reports after activation.
/// </summary>
public sealed class ApprovalQueueGrain(
    [PersistentState("approval-queue", EngineStorage.Name)] IPersistentState<ApprovalQueueState> state) : Grain, IApprovalQueueGrain
{
    public async Task Update(Guid conversationId, long version, IReadOnlyList<PendingDraft> pending)
    {
        var all = state.State.Conversations;
        var known = all.GetValueOrDefault(conversationId);
        if (known is not null && known.Version > version) return;
        if (pending.Count == 0 && known is null) return;
        if (known is not null && known.Version == version && known.Pending.Count == pending.Count) return;
        if (pending.Count == 0) all.Remove(conversationId);
        else all[conversationId] = new ConversationDrafts(version, pending);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<PendingDraft>> Pending(string? reviewerId, int limit) =>
        Task.FromResult<IReadOnlyList<PendingDraft>>([.. state.State.Conversations.Values
            .SelectMany(c => c.Pending)
            .Where(d => reviewerId is null || ApprovalRules.MayDecide(d.Reviewers, reviewerId))
            .OrderBy(d => d.DraftedAt).ThenBy(d => d.DraftId)
            .Take(limit)]);
}
