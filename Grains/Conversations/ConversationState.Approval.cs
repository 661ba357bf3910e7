namespace Engine.Conversations;

/// <summary>The drafts of a conversation: replies held for approval and how each was decided.</summary>
public sealed partial class ConversationState
{
    // Made on the first draft: most conversations never hold one, and two empty dictionaries are ~160 B each.
    private Dictionary<Guid, DraftState>? _drafts;
    private Dictionary<string, Guid>? _draftClientIds;

    /// <summary>In the order they were held.</summary>
    public List<DraftState> Drafts { get; } = [];

    public IEnumerable<DraftState> PendingDrafts => Drafts.Where(d => d.Decision is null);

    public DraftState? Draft(Guid draftId) => _drafts?.GetValueOrDefault(draftId);

    /// <summary>The draft a reply with this client message id was held as, if it was.</summary>
    public DraftState? DraftForClientMessage(string clientMessageId) =>
        _draftClientIds is not null && _draftClientIds.TryGetValue(clientMessageId, out var id) ? _drafts![id] : null;

    private IReadOnlyList<ConversationEvent> ApprovalHistory() =>
        [.. Drafts.SelectMany(d => d.Decision is { } decided ? new ConversationEvent[] { d.Drafted, decided } : [d.Drafted])];

    private void FoldApproval(ConversationEvent e)
    {
        switch (e)
        {
            case ReplyDrafted drafted:
                var draft = new DraftState(drafted);
                Drafts.Add(draft);
                (_drafts ??= [])[drafted.DraftId] = draft;
                if (drafted.ClientMessageId is { } clientId) (_draftClientIds ??= new(StringComparer.Ordinal)).TryAdd(clientId, drafted.DraftId);
                break;
            case DraftApproved approved:
                _drafts![approved.DraftId].Decision = approved;
                break;
            case DraftRejected rejected:
                _drafts![rejected.DraftId].Decision = rejected;
                break;
        }
    }
}

/// <summary>A held reply; <see cref="Decision"/> is its <see cref="DraftApproved"/> or <see cref="DraftRejected"/> once decided.</summary>
public sealed class DraftState(ReplyDrafted drafted)
{
    public ReplyDrafted Drafted { get; } = drafted;
    public ConversationEvent? Decision { get; set; }
}
