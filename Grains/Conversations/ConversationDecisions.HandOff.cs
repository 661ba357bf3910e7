namespace Engine.Conversations;

using Engine.Channels;

/// <summary>Channel windows and the public → private hand-off.</summary>
public static partial class ConversationDecisions
{
    /// <summary>Channels a customer can be invited to continue on privately.</summary>
    public static readonly IReadOnlySet<ChannelKind> PrivateChannels =
        new HashSet<ChannelKind> { ChannelKind.Messenger, ChannelKind.X, ChannelKind.Instagram, ChannelKind.WhatsApp, ChannelKind.Email };

    /// <summary>Whether the thread's channel accepts a reply now, from the customer's latest message on it.</summary>
    public static ReplyWindow ReplyWindow(ThreadState thread, DateTimeOffset now)
    {
        var customer = thread.Messages.Where(m => !m.Message.Author.Kind.SpeaksForBrand()).ToList();
        DateTimeOffset? last = customer.Count == 0 ? null : customer.Max(m => m.Message.PlatformTimestamp);
        return ChannelWindows.For(thread.Channel, thread.Visibility, last, customer.Count > 0, now);
    }

    /// <summary>A reply the channel would reject, refused with why and until when.</summary>
    private static CommandError? OutsideWindow(ThreadState thread, DateTimeOffset now)
    {
        var window = ReplyWindow(thread, now);
        if (window.Open) return null;
        var until = window.Until is { } closed ? $" The window closed at {closed:O}." : "";
        return new CommandError(CommandErrorKind.Conflict, $"The channel would reject this reply: {window.Rule}{until}", "threadId");
    }

    /// <summary>The public reply that invites, then the hand-off; refused unless the thread is public and the channel private-capable.</summary>
    public static (IReadOnlyList<ConversationEvent> Events, CommandError? Error, string PlatformMessageId) InvitePrivate(
        ConversationState state, PrivateInvite invite, DateTimeOffset now)
    {
        if (state.Thread(invite.ThreadId) is { Visibility: Visibility.Private })
            return ([], new CommandError(CommandErrorKind.Invalid, "Only a public thread can be handed off to a private channel.", "threadId"), "");
        if (!PrivateChannels.Contains(invite.Channel))
            return ([], new CommandError(CommandErrorKind.Invalid, $"{invite.Channel} is not a private channel to invite to.", "channel"), "");
        if (invite.CaseReference is { } reference && !CaseReferences.IsValid(reference))
            return ([], new CommandError(CommandErrorKind.Invalid, "A case reference is 3-32 letters, digits or '-', with at least one digit.", "caseReference"), "");
        if (invite.ClientMessageId is not null && state.PlatformIdForClientMessage(invite.ClientMessageId) is { } known)
            return ([], null, known);
        var (events, error, platformId) = Reply(state, new AgentReply(invite.ThreadId, invite.AgentId, invite.Text, invite.ClientMessageId), now);
        if (error is not null) return ([], error, "");
        return ([.. events, new PrivateInviteSent(now, invite.ThreadId, invite.Channel, invite.AgentId, platformId, invite.CaseReference)], null, platformId);
    }
}
