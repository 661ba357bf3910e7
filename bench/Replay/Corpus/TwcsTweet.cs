namespace Engine.Replay;

/// <summary>One row of the "Customer Support on Twitter" corpus.</summary>
/// <param name="Inbound">True when a customer wrote it; false for a brand account.</param>
/// <param name="ResponseTweetIds">Replies to this tweet, many of them outside a sliced file.</param>
public sealed record TwcsTweet(
    string TweetId,
    string AuthorId,
    bool Inbound,
    DateTimeOffset CreatedAt,
    string Text,
    IReadOnlyList<string> ResponseTweetIds,
    string? InResponseToTweetId);
