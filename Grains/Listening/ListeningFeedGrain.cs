namespace Engine.Listening;

using Engine.Conversations;
using Orleans.Concurrency;

/// <summary>
/// Matches posts with the tenant's <see cref="ListeningRuleSet"/> and hands each match to the inbound path as a public
/// customer message flagged with the rules it matched, which opens a proactive conversation (or joins the thread's).
/// The rules grain is asked once per batch whether the rules changed; the set is compiled again only then.
/// Posts that match nothing store nothing.
/// </summary>
[StatelessWorker, Reentrant] // holds no state: calls need not wait for each other
public sealed class ListeningFeedGrain(TimeProvider clock, MessageThreads threads) : Grain, IListeningFeedGrain
{
    private long _version = -1;
    private ListeningRuleSet _rules = new([]);

    public async Task<IReadOnlyList<ListeningOutcome>> Accept(IReadOnlyList<ListeningPost> posts)
    {
        var tenant = this.GetPrimaryKeyString();
        if (await GrainFactory.GetGrain<IListeningRulesGrain>(tenant).Changed(_version) is { } changed)
            (_version, _rules) = (changed.Version, new ListeningRuleSet(changed.Rules));

        var now = clock.GetUtcNow();
        var outcomes = new ListeningOutcome[posts.Count];
        var roots = new List<Task>();
        var replies = new List<(int At, IReadOnlyList<string> Rules)>();
        for (var i = 0; i < posts.Count; i++)
        {
            var matched = _rules.Count == 0 ? [] : _rules.Match(posts[i]);
            if (matched.Count == 0) outcomes[i] = new ListeningOutcome(posts[i].PostId, ListeningStatus.Unmatched, []);
            else if (posts[i].InReplyTo is null) roots.Add(Open(tenant, posts, i, matched, now, outcomes));
            else replies.Add((i, matched));
        }
        // Root posts start threads of their own, so they are ingested side by side; replies follow in feed order, after
        // the roots, so a reply finds a parent of the same batch already stored.
        await Task.WhenAll(roots);
        foreach (var (at, matched) in replies)
            await Open(tenant, posts, at, matched, now, outcomes);
        return outcomes;
    }

    private async Task Open(string tenant, IReadOnlyList<ListeningPost> posts, int at, IReadOnlyList<string> matched, DateTimeOffset now,
        ListeningOutcome[] outcomes)
    {
        var post = posts[at];
        var message = Message(tenant, post, matched, now);
        // A reply's thread is derived from its parent, which may have been stored after it: a redelivery must go
        // to the thread the post was first stored in (the message index), or it would be stored a second time elsewhere.
        if (post.InReplyTo is not null && await threads.Find(tenant, post.Channel, post.PostId, CancellationToken.None) is { } stored)
            message = message with { ThreadKey = stored.ThreadKey };
        var outcome = await GrainFactory.GetGrain<IInboundGrain>(0).Accept(message);
        outcomes[at] = new ListeningOutcome(post.PostId,
            outcome.Status == IngestStatus.Accepted ? ListeningStatus.Accepted : ListeningStatus.Duplicate,
            matched, outcome.ConversationId, outcome.ConversationCreated);
    }

    /// <summary>A listening post is a customer's public message that was not addressed to the brand.</summary>
    public static InboundMessage Message(string tenant, ListeningPost post, IReadOnlyList<string> ruleIds, DateTimeOffset now) => new(
        tenant, post.Channel, Visibility.Public, post.PostId,
        new MessageAuthor(AuthorKind.Customer, post.AuthorId ?? throw new ArgumentException("A listening post needs its author's identity.", nameof(post)),
            post.AuthorName ?? post.AuthorHandle),
        post.Text, post.PostedAt ?? now, now, InReplyTo: post.InReplyTo, Influence: post.Influence, Listening: ruleIds);
}
