namespace Engine.Gateway.Conversations;

using Engine.Conversations;
using Engine.Insight;

/// <summary>Checks a normalized inbound message and turns it into the engine's record.</summary>
public static class InboundValidation
{
    public static InputRules.Errors Check(InboundMessageRequest request, DateTimeOffset now)
    {
        var errors = new InputRules.Errors();
        if (request.Channel is null) errors.Add("channel", "Required.");
        if (request.Visibility is null) errors.Add("visibility", "Required.");
        errors.RequireId("platformMessageId", request.PlatformMessageId);
        if (request.Author is null) errors.Add("author", "Required.");
        else
        {
            if (request.Author.Kind is null) errors.Add("author.kind", "Required.");
            errors.Identity("author.id", request.Author.Id, required: true);
            if (request.Author.Name is { Length: > InputRules.MaxIdLength }) errors.Add("author.name", $"At most {InputRules.MaxIdLength} characters.");
            if (request.Author.Followers is < 0 or > InputRules.MaxFollowers) errors.Add("author.followers", $"A count from 0 to {InputRules.MaxFollowers}.");
        }
        errors.RequireText("text", request.Text, allowEmpty: request.Attachments is { Count: > 0 });
        if (request.Timestamp is null) errors.Add("timestamp", "Required.");
        else if (request.Timestamp < InputRules.EarliestTimestamp || request.Timestamp > now + InputRules.AllowedClockSkew)
            errors.Add("timestamp", $"Must lie between {InputRules.EarliestTimestamp:yyyy-MM-dd} and one day from now.");
        errors.OptionalId("threadKey", request.ThreadKey);
        errors.OptionalId("inReplyTo", request.InReplyTo);
        errors.Attachments("attachments", request.Attachments);
        errors.Identity("customerIdentity", request.CustomerIdentity, required: false);
        return errors;
    }

    public static InboundMessage ToMessage(string tenant, InboundMessageRequest r, DateTimeOffset now) => new(
        tenant, r.Channel!.Value, r.Visibility!.Value, r.PlatformMessageId!,
        new MessageAuthor(r.Author!.Kind!.Value, r.Author.Id!, r.Author.Name), r.Text ?? "",
        r.Timestamp!.Value, now, r.ThreadKey, r.InReplyTo, r.Attachments, r.CustomerIdentity, Influence(r.Author));

    private static AuthorInfluence? Influence(AuthorRequest author) =>
        author.Followers is null && author.Verified is null ? null : new AuthorInfluence(author.Followers ?? 0, author.Verified ?? false);

    /// <summary>The request form of an adapter's message, so platform deliveries meet the same limits as the API.</summary>
    public static InboundMessageRequest ToRequest(InboundMessage m) => new(
        m.Channel, m.Visibility, m.PlatformMessageId, new AuthorRequest(m.Author.Kind, m.Author.Identity, m.Author.DisplayName,
            m.Influence?.Followers, m.Influence?.Verified),
        m.Text, m.PlatformTimestamp, m.ThreadKey, m.InReplyTo, m.Attachments, m.CustomerIdentity);
}
