namespace Engine.Channels;

using Engine.Conversations;

/// <summary>Whether a reply may be sent on a thread now, and until when; a refusal says why.</summary>
public sealed record ReplyWindow(bool Open, DateTimeOffset? Until, string Rule)
{
    public TimeSpan? Remaining(DateTimeOffset now) => Until is { } until ? (until > now ? until - now : TimeSpan.Zero) : null;
}

/// <summary>
/// What each platform accepts from a business, so the engine refuses a reply the platform would reject instead
/// of failing at delivery. Sources: Meta's Messenger Platform policy (standard messaging within 24 hours of the
/// person's last message; the human-agent tag extends that to 7 days; one private reply to a comment within
/// 7 days), Instagram messaging (same 24-hour window and human-agent tag), WhatsApp Business (24-hour customer
/// service window), X (DMs only to people who messaged the account or accept DMs from it; public replies any time).
/// </summary>
public static class ChannelWindows
{
    public static readonly TimeSpan StandardWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan HumanAgentWindow = TimeSpan.FromDays(7);

    /// <param name="lastCustomerMessage">The customer's latest message on this thread (platform time), if any.</param>
    /// <param name="customerOpenedPrivately">Whether the customer wrote on this private thread themselves (an X DM
    /// thread the customer started, rather than one the brand would open cold).</param>
    public static ReplyWindow For(ChannelKind channel, Visibility visibility, DateTimeOffset? lastCustomerMessage,
        bool customerOpenedPrivately, DateTimeOffset now)
    {
        if (visibility == Visibility.Public)
            return new ReplyWindow(true, null, "Public replies have no time window.");

        switch (channel)
        {
            case ChannelKind.Messenger or ChannelKind.Instagram:
                // Human agents may answer for 7 days with the HUMAN_AGENT tag; automated replies only for 24 hours.
                return Since(lastCustomerMessage, HumanAgentWindow, now,
                    $"{channel} allows a human agent's reply within 7 days of the customer's last message.");
            case ChannelKind.WhatsApp:
                return Since(lastCustomerMessage, StandardWindow, now,
                    "WhatsApp allows free-form replies within 24 hours of the customer's last message.");
            case ChannelKind.X:
                return customerOpenedPrivately
                    ? new ReplyWindow(true, null, "The customer wrote to the account by DM.")
                    : new ReplyWindow(false, null, "X delivers a DM only to someone who wrote to the account or accepts its DMs.");
            default:
                return new ReplyWindow(true, null, $"{channel} has no reply window.");
        }
    }

    private static ReplyWindow Since(DateTimeOffset? last, TimeSpan length, DateTimeOffset now, string rule)
    {
        if (last is not { } at)
            return new ReplyWindow(false, null, rule + " The customer has not written on this thread.");
        var until = at + length;
        return new ReplyWindow(now < until, until, rule);
    }
}
