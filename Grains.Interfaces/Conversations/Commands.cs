namespace Engine.Conversations;

/// <summary>An agent's reply into one thread of a conversation.</summary>
/// <param name="ClientMessageId">The caller's idempotency key: the same key twice stores one reply.</param>
/// <param name="Canned">The canned response it was written from, if any, and whether it was sent as rendered.</param>
[GenerateSerializer, Alias("engine.AgentReply")]
public sealed record AgentReply(
    [property: Id(0)] int ThreadId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] string Text,
    [property: Id(3)] string? ClientMessageId = null,
    [property: Id(4)] IReadOnlyList<string>? Attachments = null,
    [property: Id(5)] Engine.Canned.CannedUse? Canned = null);

[GenerateSerializer, Alias("engine.InternalNote")]
public sealed record InternalNote(
    [property: Id(0)] string AuthorId,
    [property: Id(1)] string Text);

/// <param name="PublicFollowUp">Only when resolving a conversation handed off to private: a reply posted in the original
/// public thread to close the loop there ("sorted in DM, thanks!").</param>
[GenerateSerializer, Alias("engine.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] ConversationStatus To,
    [property: Id(1)] string By,
    [property: Id(2)] string? Reason = null,
    [property: Id(3)] DateTimeOffset? Until = null,
    [property: Id(4)] string? PublicFollowUp = null);

/// <summary>An agent's public reply asking the customer to continue on a private channel ("please DM us").</summary>
/// <param name="CaseReference">A reference the customer may quote in the DM.</param>
[GenerateSerializer, Alias("engine.PrivateInvite")]
public sealed record PrivateInvite(
    [property: Id(0)] int ThreadId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] string Text,
    [property: Id(3)] ChannelKind Channel,
    [property: Id(4)] string? CaseReference = null,
    [property: Id(5)] string? ClientMessageId = null);

[GenerateSerializer, Alias("engine.CommandErrorKind")]
public enum CommandErrorKind { NotFound, Invalid, Conflict }

/// <summary>Why a command was refused, and which input field is at fault.</summary>
[GenerateSerializer, Alias("engine.CommandError")]
public sealed record CommandError(
    [property: Id(0)] CommandErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field = null);

/// <summary>The result of a command on a conversation: the new version, or the reason it was refused.</summary>
/// <param name="Held">The reply was held as a draft for approval; <see cref="CreatedId"/> is the draft id.</param>
[GenerateSerializer, Alias("engine.CommandOutcome")]
public sealed record CommandOutcome(
    [property: Id(0)] long Version,
    [property: Id(1)] CommandError? Error = null,
    [property: Id(2)] string? CreatedId = null,
    [property: Id(3)] bool Held = false)
{
    public bool Succeeded => Error is null;

    public static CommandOutcome Fail(CommandErrorKind kind, string message, string? field = null) =>
        new(-1, new CommandError(kind, message, field));
}

/// <summary>A reviewer approves a draft as written, or with <see cref="Text"/> as edited.</summary>
[GenerateSerializer, Alias("engine.DraftApproval")]
public sealed record DraftApproval(
    [property: Id(0)] Guid DraftId,
    [property: Id(1)] string ReviewerId,
    [property: Id(2)] string? Text = null);

/// <summary>A reviewer sends a draft back to its agent with a comment; nothing is sent.</summary>
[GenerateSerializer, Alias("engine.DraftRejection")]
public sealed record DraftRejection(
    [property: Id(0)] Guid DraftId,
    [property: Id(1)] string ReviewerId,
    [property: Id(2)] string Comment);
