namespace Engine.Listening;

using Engine.Conversations;
using Orleans.Concurrency;

/// <summary>
/// Matches posts with the tenant's <see cref="ListeningRuleSet"/> and hands each match to the inbound path as a public
/// customer message flagged with the rules it matched, which opens a proactive conversation (or joins the thread's).
/// The rules grain is asked once per batch whether the rules changed; the set is compiled again only then.
/// Posts that match nothing store nothing.
/// </summary>
[StatelessWorker]
public sealed class ListeningFeedGrain(TimeProvider clock) : Grain, IListeningFeedGrain
{
    private long _version = -1;
    private ListeningRuleSet _rules = new([]);

    public async Task<IReadOnlyList<ListeningOutcome>> Accept(IReadOnlyList<ListeningPost> posts)
    {
        var tenant = this.GetPrimaryKeyString();
        if (await GrainFactory.GetGrain<IListeningRulesGrain>(tenant).Changed(_version) is { } changed)
            (_version, _rules) = (changed.Version, new ListeningRuleSet(changed.Rules));

        var now = clock.GetUtcNow();
        var inbound = GrainFactory.GetGrain<IInboundGrain>(0);
        var outcomes = new List<ListeningOutcome>(posts.Count);
        foreach (var post in posts)
        {
            var matched = _rules.Count == 0 ? [] : _rules.Match(post);
            if (matched.Count == 0)
            {
                outcomes.Add(new ListeningOutcome(post.PostId, ListeningStatus.Unmatched, []));
                continue;
            }
            var message = Message(tenant, post, matched, now);
            // A reply's thread is derived from its parent, which may have been stored after it: a redelivery must go
            // to the thread the post was first recorded under, or it would be stored a second time elsewhere.
            if (post.InReplyTo is not null && await GrainFactory.GetGrain<IMessageDirectoryGrain>(
                    ConversationKeys.Message(tenant, post.Channel, post.PostId)).ThreadOf() is { } recorded)
                message = message with { ThreadKey = recorded };
            var outcome = await inbound.Accept(message);
            outcomes.Add(new ListeningOutcome(post.PostId,
                outcome.Status == IngestStatus.Accepted ? ListeningStatus.Accepted : ListeningStatus.Duplicate,
                matched, outcome.ConversationId, outcome.ConversationCreated));
        }
        return outcomes;
    }

    /// <summary>A listening post is a customer's public message that was not addressed to the brand.</summary>
    public static InboundMessage Message(string tenant, ListeningPost post, IReadOnlyList<string> ruleIds, DateTimeOffset now) => new(
        tenant, post.Channel, Visibility.Public, post.PostId,
        new MessageAuthor(AuthorKind.Customer, post.AuthorId ?? throw new ArgumentException("A listening post needs its author's identity.", nameof(post)),
            post.AuthorName ?? post.AuthorHandle),
        post.Text, post.PostedAt ?? now, now, InReplyTo: post.InReplyTo, Influence: post.Influence, Listening: ruleIds);
}
