namespace Engine.Conversations;

/// <summary>The line a conversation shows in a list.</summary>
/// <param name="Risk">The risk score (0-100) of the customer's newest message.</param>
/// <param name="Listening">Opened by a listening feed's post (proactive).</param>
[GenerateSerializer, Alias("engine.ConversationSummary")]
public sealed record ConversationSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] Guid? CustomerId,
    [property: Id(3)] ConversationStatus Status,
    [property: Id(4)] Priority Priority,
    [property: Id(5)] IReadOnlyList<ChannelKind> Channels,
    [property: Id(6)] int MessageCount,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] string? LastMessagePreview,
    [property: Id(10)] string? Assignee = null,
    [property: Id(11)] double? Risk = null,
    [property: Id(12)] bool Listening = false);

/// <summary>Filters and paging for listing a tenant's conversations, newest update first.</summary>
/// <param name="After">Paging cursor: the (UpdatedAt, Id) of the last item of the previous page.</param>
[GenerateSerializer, Alias("engine.ConversationQuery")]
public sealed record ConversationQuery(
    [property: Id(0)] ConversationStatus? Status = null,
    [property: Id(1)] ChannelKind? Channel = null,
    [property: Id(2)] DateTimeOffset? UpdatedSince = null,
    [property: Id(3)] int Limit = 50,
    [property: Id(4)] ListCursor? After = null,
    [property: Id(5)] bool? Listening = null);

[GenerateSerializer, Alias("engine.ListCursor")]
public sealed record ListCursor(
    [property: Id(0)] DateTimeOffset UpdatedAt,
    [property: Id(1)] Guid Id);

[GenerateSerializer, Alias("engine.ConversationPage")]
public sealed record ConversationPage(
    [property: Id(0)] IReadOnlyList<ConversationSummary> Items,
    [property: Id(1)] ListCursor? Next);
