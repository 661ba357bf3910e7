namespace Engine.Gateway.Listening;

using Engine.Conversations;
using Engine.Listening;

public sealed record ListeningRuleBody(string? Query);

public sealed record ListeningRuleResponse(string Id, string Query);

/// <summary>A batch of public posts from a listening feed (not addressed to the brand).</summary>
public sealed record ListeningPostsRequest(IReadOnlyList<ListeningPostBody>? Posts);

/// <param name="Lang">The platform's language code, when it gives one (rules filter on <c>lang:xx</c>).</param>
/// <param name="Recipients">Handles the post replies to, besides those mentioned in its text.</param>
public sealed record ListeningPostBody(
    string? PostId,
    ChannelKind? Channel,
    string? Text,
    ListeningAuthorBody? Author,
    DateTimeOffset? PostedAt,
    string? Lang = null,
    IReadOnlyList<string>? Recipients = null,
    string? InReplyTo = null);

/// <param name="Id">The author's platform identity, e.g. <c>x:115712</c>.</param>
/// <param name="Handle">The handle without '@' (rules filter on <c>from:handle</c>).</param>
public sealed record ListeningAuthorBody(string? Id, string? Handle = null, string? Name = null, long? Followers = null, bool? Verified = null);

public sealed record ListeningPostsResponse(int Matched, int Unmatched, int Duplicates, IReadOnlyList<ListeningPostResult> Results);

/// <param name="Status">unmatched (nothing stored), accepted (stored in a proactive conversation) or duplicate.</param>
public sealed record ListeningPostResult(string PostId, string Status, IReadOnlyList<string> RuleIds, Guid? ConversationId, bool ConversationCreated)
{
    public static ListeningPostResult From(ListeningOutcome o) =>
        new(o.PostId, o.Status.ToString().ToLowerInvariant(), o.RuleIds, o.ConversationId, o.ConversationCreated);
}
